import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { DATASETS_DIR, TEST_MODELS_DIR } from '@/tests/helpers/test-env';
import { loadBeir, sliceBeir } from './beir';
import { runEval } from './run-eval';

// A handful of SciFact: the relevant abstracts of six test claims among a few distractors,
// through the real pipeline (addDocuments → ingestDocument) and searchChunks on PGlite.
describe('runEval on a SciFact sample', () => {
  beforeAll(() => {
    process.env.MODELS_DIR = TEST_MODELS_DIR;
    process.env.ALLOW_MODEL_DOWNLOADS = 'false';
    delete process.env.EMBEDDING_MODEL;
    resetEnvCache();
  });

  it('finds the relevant abstracts in every mode', async () => {
    const data = sliceBeir(loadBeir(path.join(DATASETS_DIR, 'retrieval/scifact')), { queryCount: 6, docCount: 16 });
    const report = await runEval({ data, modes: ['hybrid', 'vector', 'keyword'], profile: 'docent', k: 10, database: 'pglite' });

    expect(report).toMatchObject({ dataset: 'scifact', documents: 16, queries: 6, failed: [] });
    expect(report.chunks).toBeGreaterThanOrEqual(16);
    for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
      const scores = report.modes[mode]!;
      expect(Object.keys(scores).sort()).toEqual(['mrr@10', 'msPerQuery', 'ndcg@10', 'recall@10', 'recall@100', 'shortQueries']);
      expect(scores['ndcg@10'], mode).toBeGreaterThan(0.5);
      expect(scores['ndcg@10'], mode).toBeLessThanOrEqual(1);
      expect(scores['recall@100'], mode).toBeGreaterThanOrEqual(scores['recall@10']);
    }
    expect(Object.keys(report.chunkRecall.hybrid!)).toEqual(['1', '3', '6', '10', '20']);
    expect(report.chunkRecall.hybrid!['20']).toBeGreaterThanOrEqual(report.chunkRecall.hybrid!['1']);
    // Dense retrieval ranks every chunk, so with 16 documents all relevant ones are within 100.
    expect(report.modes.vector!['recall@100']).toBe(1);
  });
});
