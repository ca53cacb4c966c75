import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { getOrCreateCollection } from '@/db/queries/collections';
import { getDocumentById, insertDocumentUnlessDuplicate } from '@/db/queries/documents';
import { startIngestWorker } from '@/lib/ingest/worker';
import { type EmbeddingContext, getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

/**
 * Fair scheduling with the real worker, model and database: a large document does not hold
 * up a small one, and one person's batch does not hold up another person's note. Run on
 * PGlite and on PostgreSQL (ingest-scheduling.*.test.ts).
 */
export function defineSchedulingSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  describe(`ingestion scheduling on ${kind}`, () => {
    let drop: () => Promise<void>;
    let db: Database;
    let embedding: EmbeddingContext;

    async function queue(ownerId: string | null, name: string, text: string): Promise<string> {
      const collectionId = await getOrCreateCollection(db, ownerId, 'default');
      const content = Buffer.from(text);
      const sha256 = createHash('sha256').update(content).digest('hex');
      return (await insertDocumentUnlessDuplicate(db, { collectionId, name, mimeType: 'text/plain', bytes: content.length, sha256, content })).id;
    }
    const person = async (email: string) =>
      (await db.query<{ id: string }>(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'member') RETURNING id`, [email])).rows[0].id;
    const longText = (topic: string, paragraphs: number) =>
      Array.from({ length: paragraphs }, (_, i) => `${topic} paragraph ${i}: the survey recorded station ${i} with careful notes on tides, winds and birds.`).join('\n\n');

    beforeAll(async () => {
      drop = await useFreshDatabase(kind, baseUrl);
      db = await getDatabase();
      embedding = await getEmbeddingContext();
    });
    afterAll(async () => {
      await shutdownRuntime();
      await drop?.();
    });

    it('finishes a small document while a large one queued before it is mid-way', async () => {
      const large = await queue(null, 'survey.txt', longText('Survey', 400));
      const small = await queue(null, 'note.txt', 'A one-page note: the herons returned to the marsh in March.');
      const worker = startIngestWorker({ db: async () => db, embedding: async () => embedding, pollMs: 50, batchSize: 8, smallFileBytes: 4096, log: () => undefined });
      try {
        await waitFor(async () => (await getDocumentById(db, small))?.status === 'ready', 120_000, 'the small document');
        const meanwhile = (await getDocumentById(db, large))!;
        expect(meanwhile.status).toBe('processing');
        expect(meanwhile.progress).toBeLessThan(1);
        await worker.idle();
        expect((await getDocumentById(db, large))!.status).toBe('ready');
      } finally {
        await worker.stop();
      }
    }, 600_000);

    it("takes another person's note next rather than after one person's whole batch", async () => {
      const alice = await person('alice@example.test');
      const bob = await person('bob@example.test');
      const batch: string[] = [];
      for (let i = 0; i < 6; i++) batch.push(await queue(alice, `alice-${i}.txt`, `Alice's file ${i} about the tides of week ${i}.`));
      const note = await queue(bob, 'bob.txt', "Bob's one-page note about the heron count.");
      // One lane, one job at a time: the order the documents are claimed in is the schedule.
      const worker = startIngestWorker({ db: async () => db, embedding: async () => embedding, pollMs: 50, smallFileConcurrency: 0, log: () => undefined });
      try {
        await worker.idle();
      } finally {
        await worker.stop();
      }
      const { rows } = await db.query<{ id: string; status: string }>(
        `SELECT id, status FROM documents WHERE id = ANY($1::uuid[]) ORDER BY claimed_at`,
        [[...batch, note]],
      );
      expect(rows.every((r) => r.status === 'ready')).toBe(true);
      expect(rows.map((r) => r.id).indexOf(note)).toBe(1);
    }, 600_000);
  });
}
