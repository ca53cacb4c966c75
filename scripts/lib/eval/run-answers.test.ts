import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { configureTestEnv, DATASETS_DIR, makeTempDir } from '../../../tests/helpers/test-env';
import { loadQaDataset, sampleQuestions } from './qa-dataset';
import { runAnswerEval } from './run-answers';

beforeAll(() => {
  configureTestEnv({ dataDir: makeTempDir() });
  process.env.LLM_PROVIDER = 'local';
  process.env.LLM_MODEL = TEST_LLM_FILE;
  resetEnvCache();
});

afterAll(() => {
  delete process.env.LLM_PROVIDER;
  delete process.env.LLM_MODEL;
  resetEnvCache();
});

/**
 * `npm run eval -- --answers` on a ten-question HotpotQA slice with the real test models
 * (SmolLM2 135M, all-MiniLM-L6-v2): the passages go through ingestion, every question through
 * the chat path, and each metric comes back in range. What the tiny model answers is not judged.
 */
it('scores a deterministic ten-question slice of HotpotQA with the test model', async () => {
  const data = loadQaDataset(path.join(DATASETS_DIR, 'qa/hotpotqa-sample'));
  const questions = sampleQuestions(data.questions, 10);
  expect(sampleQuestions(data.questions, 10).map((q) => q.id)).toEqual(questions.map((q) => q.id));

  const report = await runAnswerEval({ data, questions, maxTokens: 24, refusalQuestions: 2 });
  expect(report).toMatchObject({ dataset: 'hotpotqa_train', format: 'hotpotqa', provider: 'local', model: TEST_LLM_FILE, embedder: 'Xenova/all-MiniLM-L6-v2' });
  expect(report.passages).toBeGreaterThanOrEqual(90); // ten contexts of ten passages, a few shared
  expect(report.questions).toHaveLength(10);
  const m = report.metrics;
  expect(m).toMatchObject({ questions: 10, failed: 0 });
  for (const value of [m.exactMatch, m.f1, m.answerInSources, m.refusalRate]) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  // Retrieval puts most gold answers in front of the model (the ceiling the model answers under).
  expect(m.answerInSources).toBeGreaterThan(0.3);
  expect(report.refusal.asked).toBe(2);
  expect(m.firstTokenP50Ms).toBeGreaterThan(0);
  expect(m.firstTokenP95Ms).toBeGreaterThanOrEqual(m.firstTokenP50Ms!);
  expect(m.tokensPerSecond).toBeGreaterThan(0);
}, 1_800_000);
