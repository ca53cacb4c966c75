import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrCreateCollection } from '@/db/queries/collections';
import { getDocumentById, insertDocumentUnlessDuplicate } from '@/db/queries/documents';
import { loadOpenAIEmbedder } from '@/lib/embeddings/openai';
import { resetEnvCache } from '@/lib/env';
import { startIngestWorker } from '@/lib/ingest/worker';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../helpers/fake-openai-server';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

/**
 * An embeddings server that keeps failing past the client's retries must not fail an upload:
 * the worker hands the document back without counting an attempt and finishes it once the
 * server answers again — here with a single attempt allowed, so one counted failure would fail it.
 */
describe('ingestion through an embeddings server outage', () => {
  let fake: FakeOpenAIServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    drop = await useFreshDatabase('pglite');
    Object.assign(process.env, { EMBEDDING_MODEL: 'openai:fake-embed', EMBEDDING_BASE_URL: fake.url });
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.EMBEDDING_MODEL;
    delete process.env.EMBEDDING_BASE_URL;
    resetEnvCache();
    await shutdownRuntime();
    await drop();
    await fake.close();
  });

  it('requeues without counting attempts until the server is back, then the document is ready', async () => {
    const db = await getDatabase();
    const context = await getEmbeddingContext();
    // No client-side retries, so every failure reaches the worker.
    const embedding = { ...context, embedder: await loadOpenAIEmbedder('openai:fake-embed', { maxRetries: 0 }) };
    const collectionId = await getOrCreateCollection(db, null, 'default');
    const content = Buffer.from('Outage notes: the embeddings server restarts at noon.');
    const { id } = await insertDocumentUnlessDuplicate(db, {
      collectionId, name: 'outage.txt', mimeType: 'text/plain', bytes: content.length, sha256: 'a'.repeat(64), content,
    });
    fake.embeddings({ failures: ['disconnect', 'server_error', 'rate_limited', 'server_error'], retryAfter: '0' });
    const lines: string[] = [];
    const worker = startIngestWorker({ db: getDatabase, embedding: async () => embedding, maxAttempts: 1, retryDelayMs: 5, pollMs: 20, log: (l) => lines.push(l) });
    try {
      const row = await waitFor(async () => {
        const r = await getDocumentById(db, id);
        return r && r.status !== 'queued' && r.status !== 'processing' ? r : null;
      }, 60_000, 'the document to settle');
      expect(row.status).toBe('ready');
      const { rows } = await db.query<{ attempts: number }>('SELECT attempts FROM documents WHERE id = $1', [id]);
      expect(rows[0].attempts).toBe(1);
      expect(lines.filter((l) => l.includes('for an upstream service'))).toHaveLength(4);
    } finally {
      await worker.stop();
    }
  });
});
