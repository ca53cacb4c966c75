import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { changeEmbeddingModel } from '@/lib/reindex/change';
import { resetEmbedders } from '@/lib/embeddings';
import { resetEnvCache } from '@/lib/env';
import { type IngestWorker, startIngestWorker } from '@/lib/ingest/worker';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../helpers/fake-openai-server';
import { configureTestEnv, createScratchPostgres, makeTempDir, waitFor } from '../helpers/test-env';

const pgUrl = process.env.TEST_DATABASE_URL;

/** Two Docent workers on one PostgreSQL share a re-index: every document is re-embedded once, by one of them. */
describe.skipIf(!pgUrl)('two workers re-indexing on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let fake: FakeOpenAIServer;
  let db: Database;
  let workers: IngestWorker[] = [];

  beforeAll(async () => {
    scratch = await createScratchPostgres(pgUrl!);
    configureTestEnv({ databaseUrl: scratch.url, dataDir: makeTempDir() });
    fake = await startFakeOpenAIServer();
    fake.embeddings({ dim: 24, delayMs: 150 });
    process.env.OPENAI_BASE_URL = fake.url;
    resetEnvCache();
    resetEmbedders();
    db = await getDatabase();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await shutdownRuntime();
    await fake?.close();
    await scratch?.drop();
    delete process.env.OPENAI_BASE_URL;
  });

  it('share the jobs and never re-index a document twice', async () => {
    const { rows } = await db.query<{ id: string }>(`INSERT INTO collections (name) VALUES ('shared') RETURNING id`);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const text = Buffer.from(`Shared re-index document ${i} about topic ${i * 13}.`);
      const inserted = await db.query<{ id: string }>(
        `INSERT INTO documents (collection_id, name, mime_type, bytes, sha256) VALUES ($1, $2, 'text/plain', $3, $4) RETURNING id`,
        [rows[0].id, `doc-${i}.txt`, text.length, `${i}`.padStart(64, '0')],
      );
      await db.query('INSERT INTO document_files (document_id, content) VALUES ($1, $2)', [inserted.rows[0].id, text]);
      ids.push(inserted.rows[0].id);
    }
    const reindexed: string[][] = [[], []];
    workers = [0, 1].map((n) =>
      startIngestWorker({
        db: async () => db,
        embedding: () => getEmbeddingContext(),
        reindex: { embedding: (model) => getEmbeddingContext(model) },
        pollMs: 50,
        log: (line) => {
          const match = /document (\S+) re-indexed/.exec(line);
          if (match) reindexed[n].push(match[1]);
        },
      }),
    );
    await waitFor(async () => {
      const ready = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE status = 'ready'`);
      return ready.rows[0].n === ids.length;
    }, 120_000, 'all documents ingested');

    expect(await changeEmbeddingModel(db, 'openai:fake-embed')).toBe('started');
    workers.forEach((w) => w.notify());
    await waitFor(async () => {
      const { rows: state } = await db.query<{ name: string }>(
        'SELECT m.name FROM embedding_index s JOIN embedding_models m ON m.id = s.active_model_id',
      );
      return state[0]?.name === 'openai:fake-embed';
    }, 120_000, 'the switch');

    expect([...reindexed[0], ...reindexed[1]].sort()).toEqual([...ids].sort());
    expect(reindexed[0].length).toBeGreaterThan(0);
    expect(reindexed[1].length).toBeGreaterThan(0);
    const chunks = await db.query<{ n: number; dims: number }>('SELECT count(*)::int AS n, min(vector_dims(embedding)) AS dims FROM chunks');
    expect(chunks.rows[0]).toEqual({ n: ids.length, dims: 24 });
  });
});
