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
 * `npm run eval -- --answers --answer-mode generate,quotes` on a ten-question HotpotQA slice with
 * the real test models (SmolLM2 135M, all-MiniLM-L6-v2): the passages go through ingestion once,
 * every question through the chat path in each mode, and each metric comes back in range. What
 * the tiny model answers is not judged; that the quotes run really answered by quoting is.
 */
it('scores a deterministic ten-question slice of HotpotQA with the test model, generated and quoted', async () => {
  const data = loadQaDataset(path.join(DATASETS_DIR, 'qa/hotpotqa-sample'));
  const questions = sampleQuestions(data.questions, 10);
  expect(sampleQuestions(data.questions, 10).map((q) => q.id)).toEqual(questions.map((q) => q.id));

  const report = await runAnswerEval({ data, questions, maxTokens: 24, refusalQuestions: 2, answerModes: ['generate', 'quotes'] });
  expect(report).toMatchObject({ dataset: 'hotpotqa_train', format: 'hotpotqa', provider: 'local', model: TEST_LLM_FILE, embedder: 'Xenova/all-MiniLM-L6-v2' });
  expect(report.passages).toBeGreaterThanOrEqual(90); // ten contexts of ten passages, a few shared
  expect(report.runs.map((r) => r.answerMode)).toEqual(['generate', 'quotes']);
  for (const run of report.runs) {
    expect(run.questions.map((q) => q.id)).toEqual(questions.map((q) => q.id));
    const m = run.metrics;
    expect(m).toMatchObject({ questions: 10, failed: 0 });
    for (const value of [m.exactMatch, m.f1, m.answerInSources, m.refusalRate, run.citationRate, run.answerInAnswer]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // Retrieval puts most gold answers in front of the model (the ceiling the model answers under).
    expect(m.answerInSources).toBeGreaterThan(0.3);
    expect(run.refusal.asked).toBe(2);
    expect(m.firstTokenP50Ms).toBeGreaterThan(0);
    expect(m.firstTokenP95Ms).toBeGreaterThanOrEqual(m.firstTokenP50Ms!);
  }
  expect(report.runs[0].metrics.tokensPerSecond).toBeGreaterThan(0);

  // Quoted answers are sentences of the sources, each cited, so every answer cites and the
  // citation check gave each citation a verdict; a model answering instead would not.
  const quoted = report.runs[1];
  expect(quoted.citationRate).toBe(1);
  for (const q of quoted.questions) {
    expect(q.answer).toMatch(/\[\d+\]$/);
    expect(q.supported.length).toBeGreaterThan(0);
    expect(q.supported.every((v) => typeof v === 'boolean')).toBe(true);
  }
  expect(quoted.supportedCitations).toBeGreaterThan(0.5);
  expect(quoted.metrics.f1).toBeGreaterThan(0);
}, 1_800_000);
