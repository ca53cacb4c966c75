import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db';
import { getOrCreateCollection } from '@/db/queries/collections';
import { getDocumentById, insertDocumentUnlessDuplicate } from '@/db/queries/documents';
import { resetEmbedders } from '@/lib/embeddings';
import { resetEnvCache } from '@/lib/env';
import { ensureIngestWorker } from '@/lib/ingest/background';
import { startIngestWorker } from '@/lib/ingest/worker';
import { getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { configureTestEnv, createScratchPostgres, makeTempDir, TEST_MODELS_DIR, waitFor } from '../helpers/test-env';

async function queueText(db: Database, text: string) {
  const collectionId = await getOrCreateCollection(db, null, 'default');
  const content = Buffer.from(text);
  const { id } = await insertDocumentUnlessDuplicate(db, {
    collectionId, name: 'note.txt', mimeType: 'text/plain', bytes: content.length,
    sha256: Buffer.from(text).toString('hex').slice(0, 64).padEnd(64, '0'), content,
  });
  return id;
}

describe('ingestion worker', () => {
  const modelsDir = makeTempDir('docent-models-');

  beforeAll(() => {
    configureTestEnv({ dataDir: makeTempDir() });
    process.env.MODELS_DIR = modelsDir; // empty: the embedder is not provisioned yet
    resetEnvCache();
  });
  afterAll(() => shutdownRuntime());

  it('keeps documents queued while the model is missing, then ingests them once it arrives', async () => {
    const { body } = await api.upload([{ name: 'wait.txt', content: 'Waiting for the model to arrive.' }]);
    const id = body.documents[0].id;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api.getDocument(id)).body.status).toBe('queued');
    const health = await api.health();
    expect(health.status).toBe(200);
    expect(health.body.embedder.ready).toBe(false);
    expect(health.body.embedder.error).toMatch(/models:fetch/);

    fs.symlinkSync(path.join(TEST_MODELS_DIR, 'Xenova'), path.join(modelsDir, 'Xenova'));
    resetEmbedders();
    ensureIngestWorker().notify();
    expect((await api.waitForIngestion(id)).status).toBe('ready');
  });

  it('reclaims a document whose worker died mid-job (lease expired)', async () => {
    const { getDatabase } = await import('@/lib/runtime');
    const db = await getDatabase();
    const id = await queueText(db, 'A crashed worker left this half done.');
    await db.query(`UPDATE documents SET status = 'processing', attempts = 1, lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    ensureIngestWorker().notify();
    const done = await waitFor(async () => {
      const row = await getDocumentById(db, id);
      return row?.status === 'ready' ? row : null;
    }, 60_000, 'the reclaimed document');
    expect(done.chunkCount).toBe(1);
  });

  it('survives a document deleted while it is processed', async () => {
    const { getDatabase } = await import('@/lib/runtime');
    const db = await getDatabase();
    const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} about deleting things mid-flight.`).join(' ');
    const { body } = await api.upload([{ name: 'doomed.txt', content: long }]);
    const id = body.documents[0].id;
    await waitFor(async () => (await getDocumentById(db, id))?.status === 'processing', 30_000, 'processing');
    expect((await api.deleteDocument(id)).status).toBe(204);
    const { body: next } = await api.upload([{ name: 'after.txt', content: 'The worker carries on after a deletion.' }]);
    expect((await api.waitForIngestion(next.documents[0].id)).status).toBe('ready');
    const orphans = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE document_id = $1', [id]);
    expect(orphans.rows[0].n).toBe(0);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)('two workers on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let db: Database;

  beforeAll(async () => {
    configureTestEnv({ dataDir: makeTempDir() });
    resetEnvCache();
    resetEmbedders();
    scratch = await createScratchPostgres(pgUrl!);
    db = await openDatabase({ url: scratch.url });
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('share the queue and never process a document twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await queueText(db, `Shared queue document ${i} with its own words ${i * 7}.`));
    const { embedder } = await getEmbeddingContext();
    const { ensureEmbeddingSpace } = await import('@/db/queries/embedding-models');
    const space = await ensureEmbeddingSpace(db, embedder.model, embedder.dim);
    const processed: string[][] = [[], []];
    const workers = [0, 1].map((n) =>
      startIngestWorker({
        db: async () => db,
        embedding: async () => ({ embedder, space }),
        pollMs: 50,
        log: (line) => {
          const match = /document (\S+) ready/.exec(line);
          if (match) processed[n].push(match[1]);
        },
      }),
    );
    await waitFor(async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE status = 'ready'`);
      return rows[0].n === ids.length;
    }, 120_000, 'all documents ready');
    await Promise.all(workers.map((w) => w.stop()));
    expect([...processed[0], ...processed[1]].sort()).toEqual([...ids].sort());
    const { rows } = await db.query<{ attempts: number }>('SELECT attempts FROM documents');
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
