import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as settingsRoute from '@/app/api/settings/route';
import * as statusRoute from '@/app/api/status/route';
import type { Database } from '@/db';
import { resetEmbedders } from '@/lib/embeddings';
import { resetEnvCache } from '@/lib/env';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../helpers/fake-openai-server';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

/**
 * Changing the embedding model end to end, through the real routes, worker and models: the
 * documents are ingested with the MiniLM test model (384 dimensions), then the model is
 * switched to `openai:fake-embed`, which the suite's fake OpenAI-compatible server answers with
 * 48-dimension vectors. Run on PGlite and on PostgreSQL (embedding-reindex.*.test.ts).
 */
const MINILM = 'Xenova/all-MiniLM-L6-v2';
const REMOTE = 'openai:fake-embed';
const REMOTE_DIM = 48;
const BASE = 'http://docent.test';

async function getSettings() {
  const response = await settingsRoute.GET(new Request(`${BASE}/api/settings`));
  return { status: response.status, body: await response.json() };
}

async function putSettings(body: unknown) {
  const response = await settingsRoute.PUT(
    new Request(`${BASE}/api/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
  return { status: response.status, body: await response.json() };
}

async function embeddingIndex() {
  const response = await statusRoute.GET(new Request(`${BASE}/api/status`));
  expect(response.status).toBe(200);
  return (await response.json()).embeddingIndex;
}

async function spaceId(db: Database, name: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM embedding_models WHERE name = $1', [name]);
  return rows[0]?.id;
}

async function count(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return rows[0].n;
}

/** Chunks whose vector length is not their space's dimension: must always be none. */
const MIXED_DIMENSIONS = `SELECT count(*)::int AS n FROM chunks c JOIN embedding_models m ON m.id = c.embedding_model_id
  WHERE vector_dims(c.embedding) <> m.dim`;

const DOCS = {
  zebras: '# Zebra husbandry\n\nThe quokka-7731 protocol feeds zebras clover at dawn.\n\nZebras sleep standing up in the savanna.\n',
  volcano: '# Volcanoes\n\nBasalt lava flows from shield volcanoes in Iceland; magma chambers refill slowly.\n',
  chess: '# Chess openings\n\nThe Sicilian defence answers e4 with c5 and leads to sharp middlegames.\n',
  poison: '# Quarantine\n\nThis note mentions POISONPILL, which the remote embedding endpoint refuses.\n',
};

export function defineReindexSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let dropDatabase: (() => Promise<void>) | undefined;
  let fake: FakeOpenAIServer;
  let db: Database;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    dropDatabase = await useFreshDatabase(kind, baseUrl);
    fake = await startFakeOpenAIServer();
    process.env.OPENAI_BASE_URL = fake.url;
    delete process.env.OPENAI_API_KEY;
    resetEnvCache();
    resetEmbedders();
    db = await getDatabase();
  });

  afterAll(async () => {
    await shutdownRuntime();
    await fake?.close();
    await dropDatabase?.();
    delete process.env.OPENAI_BASE_URL;
  });

  describe(`changing the embedding model on ${kind}`, () => {
    it('ingests with the default model, which the settings show as chosen and active', async () => {
      for (const [key, content] of Object.entries(DOCS)) {
        const { status, body } = await api.upload([{ name: `${key}.md`, content, type: 'text/markdown' }]);
        expect(status).toBe(202);
        ids[key] = body.documents[0].id;
      }
      for (const id of Object.values(ids)) expect((await api.waitForIngestion(id)).status).toBe('ready');
      const { status, body } = await getSettings();
      expect(status).toBe(200);
      expect(body.embeddingModel).toBe(MINILM);
      expect(body.defaults.embeddingModel).toBe(MINILM);
      expect(body.embeddingModelChoices).toContain(MINILM);
      expect(body.embeddingIndex).toMatchObject({ activeModel: MINILM, activeDim: 384, targetModel: null, state: 'ready' });
    });

    it.each([
      ['an unknown model', 'nobody/no-such-model'],
      ['a path outside MODELS_DIR', '../../etc'],
      ['openai: without a name', 'openai:'],
      ['spaces', 'Xenova/all-MiniLM-L6-v2 --evil'],
      ['an environment assignment', 'EMBEDDING_MODEL=x'],
    ])('refuses %s with a 400 naming the choices, and changes nothing', async (_what, value) => {
      const before = await getSettings();
      const { status, body } = await putSettings({ embeddingModel: value, topK: 9 });
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_embedding_model');
      expect(body.error.message).toMatch(/openai:/);
      const after = await getSettings();
      expect(after.body.topK).toBe(before.body.topK);
      expect(after.body.embeddingModel).toBe(MINILM);
      expect(after.body.embeddingIndex.state).toBe('ready');
    });

    it('accepts its own GET back without starting anything', async () => {
      const { body } = await getSettings();
      const saved = await putSettings(body);
      expect(saved.status).toBe(200);
      expect(saved.body.embeddingIndex).toMatchObject({ state: 'ready', targetModel: null });
      expect(await count(db, `SELECT count(*)::int AS n FROM settings WHERE key = 'embeddingModel'`)).toBe(0);
    });

    it('cancels cleanly when switched back to the active model mid-way', async () => {
      fake.embeddings({ dim: REMOTE_DIM, delayMs: 1500 });
      const started = await putSettings({ embeddingModel: REMOTE });
      expect(started.status).toBe(200);
      expect(started.body.embeddingModel).toBe(REMOTE);
      expect(started.body.embeddingIndex).toMatchObject({ activeModel: MINILM, targetModel: REMOTE, targetDim: REMOTE_DIM, state: 'reindexing' });
      const target = (await spaceId(db, REMOTE))!;
      await waitFor(async () => (await count(db, 'SELECT count(*)::int AS n FROM chunks WHERE embedding_model_id = $1', [target])) > 0, 60_000, 'the first re-indexed document');
      expect((await embeddingIndex()).state).toBe('reindexing');

      const back = await putSettings({ embeddingModel: null });
      expect(back.status).toBe(200);
      expect(back.body.embeddingModel).toBe(MINILM);
      expect(back.body.embeddingIndex).toMatchObject({ activeModel: MINILM, targetModel: null, state: 'ready' });
      // A job in flight when it was cancelled is dropped, not stored.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await count(db, 'SELECT count(*)::int AS n FROM chunks WHERE embedding_model_id = $1', [target])).toBe(0);
      expect(await count(db, 'SELECT count(*)::int AS n FROM reindex_jobs')).toBe(0);
      const found = await api.search({ query: 'What do zebras eat at dawn?', mode: 'vector', k: 2 });
      expect(found.body.results[0].documentId).toBe(ids.zebras);
    });

    it('re-indexes in the background while search keeps using the old index, reports failures, then switches', async () => {
      fake.embeddings({ dim: REMOTE_DIM, delayMs: 300, failOn: 'POISONPILL' });
      const minilm = (await spaceId(db, MINILM))!;
      const started = await putSettings({ embeddingModel: REMOTE });
      expect(started.body.embeddingIndex).toMatchObject({ activeModel: MINILM, targetModel: REMOTE, state: 'reindexing' });
      const target = (await spaceId(db, REMOTE))!;

      // Search (and the invariants) checked over and over while the re-index runs.
      const problems: string[] = [];
      const progress: { done: number; total: number; state: string }[] = [];
      let probes = 0;
      let oldIndexProbes = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const i = probes++;
          const before = await embeddingIndex();
          progress.push({ done: before.done, total: before.total, state: before.state });
          const query = `What do zebras eat at dawn? probe${i}`;
          const found = await api.search({ query, mode: 'hybrid', k: 3 });
          const after = await embeddingIndex();
          if (found.status !== 200) problems.push(`search ${i} answered ${found.status}`);
          else if (!found.body.results.some((r: { documentId: string }) => r.documentId === ids.zebras)) problems.push(`search ${i} missed the zebra notes`);
          if (before.activeModel === MINILM && after.activeModel === MINILM) {
            oldIndexProbes++;
            // The old model embedded the query: the remote one never saw it.
            if (fake.embeddingRequests.some((r) => r.input.some((t) => t.endsWith(`probe${i}`)))) problems.push(`search ${i} used the new model early`);
          }
          const mixed = await count(db, MIXED_DIMENSIONS);
          if (mixed > 0) problems.push(`${mixed} chunks with the wrong dimension`);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();

      try {
        // A document uploaded during the re-index ends up in the new space too.
        await waitFor(async () => (await embeddingIndex()).done >= 1, 60_000, 'the first re-indexed document');
        const late = await api.upload([{ name: 'nebula.md', content: '# Nebulae\n\nThe Crab nebula is a supernova remnant in Taurus.\n', type: 'text/markdown' }]);
        ids.nebula = late.body.documents[0].id;
        expect((await api.waitForIngestion(ids.nebula)).status).toBe('ready');

        // The poisoned document fails after its retries; the switch waits, and says why.
        const blocked = await waitFor(async () => {
          const index = await embeddingIndex();
          return index.state === 'failed' ? index : null;
        }, 90_000, 'the re-index to stop at the failed document');
        expect(blocked).toMatchObject({ activeModel: MINILM, targetModel: REMOTE, failed: 1, total: 5, done: 4 });
        expect(blocked.failures).toEqual([{ documentId: ids.poison, documentName: 'poison.md', error: expect.stringMatching(/Re-indexing failed after 3 attempts: The embedding endpoint failed for openai:fake-embed/) }]);
        expect(await count(db, 'SELECT count(*)::int AS n FROM chunks WHERE embedding_model_id = $1', [minilm])).toBeGreaterThan(0);

        // Saving the model again retries the failed document; now the switch happens.
        fake.embeddings({ dim: REMOTE_DIM, delayMs: 50 });
        const retried = await putSettings({ embeddingModel: REMOTE });
        expect(retried.status).toBe(200);
        expect(retried.body.embeddingIndex.failed).toBe(0);
        await waitFor(async () => (await embeddingIndex()).activeModel === REMOTE, 90_000, 'the switch to the new model');
        await new Promise((r) => setTimeout(r, 300)); // a few probes on the new index
      } finally {
        polling = false;
        await poller;
      }

      expect(problems).toEqual([]);
      expect(oldIndexProbes).toBeGreaterThan(3);
      // Progress was visible and only went forward.
      const reindexing = progress.filter((p) => p.state !== 'ready');
      expect(reindexing.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
      for (let i = 1; i < reindexing.length; i++) expect(reindexing[i].done).toBeGreaterThanOrEqual(reindexing[i - 1].done);

      const index = await embeddingIndex();
      expect(index).toMatchObject({ activeModel: REMOTE, activeDim: REMOTE_DIM, targetModel: null, state: 'ready', lastReindex: { model: REMOTE } });
      // Only the new space is left, holding every ready document (the late upload too).
      expect(await count(db, 'SELECT count(*)::int AS n FROM chunks WHERE embedding_model_id <> $1', [target])).toBe(0);
      expect(await count(db, MIXED_DIMENSIONS)).toBe(0);
      expect(await count(db, 'SELECT count(*)::int AS n FROM chunks WHERE vector_dims(embedding) <> $1', [REMOTE_DIM])).toBe(0);
      expect(await count(db, 'SELECT count(*)::int AS n FROM reindex_jobs')).toBe(0);
      const { rows } = await db.query<{ id: string; chunk_count: number; n: number }>(
        `SELECT d.id, d.chunk_count, (SELECT count(*)::int FROM chunks c WHERE c.document_id = d.id AND c.embedding_model_id = $1) AS n
         FROM documents d WHERE d.status = 'ready'`,
        [target],
      );
      expect(rows.map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
      for (const r of rows) {
        expect(r.n).toBeGreaterThan(0);
        expect(r.chunk_count).toBe(r.n);
      }

      // Search now embeds the query with the new model and finds what the new space holds.
      const asked = fake.embeddingRequests.length;
      const found = await api.search({ query: 'Crab nebula supernova remnant', mode: 'vector', k: 2 });
      expect(found.body.results[0].documentId).toBe(ids.nebula);
      expect(fake.embeddingRequests.slice(asked).some((r) => r.model === 'fake-embed' && r.input.includes('Crab nebula supernova remnant'))).toBe(true);
      expect((await api.health()).body.embedder).toMatchObject({ model: REMOTE, dim: REMOTE_DIM, ready: true });

      // A document uploaded now goes straight into the new space.
      const after = await api.upload([{ name: 'tides.md', content: 'Tides follow the moon.', type: 'text/markdown' }]);
      expect((await api.waitForIngestion(after.body.documents[0].id)).status).toBe('ready');
      expect(await count(db, 'SELECT count(*)::int AS n FROM chunks WHERE document_id = $1 AND embedding_model_id = $2', [after.body.documents[0].id, target])).toBe(1);
    });
  });
}
