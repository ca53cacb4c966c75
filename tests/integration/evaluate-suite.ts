import { describe, expect, it } from 'vitest';
import * as evaluationRoute from '@/app/api/evaluations/[id]/route';
import * as evaluationsRoute from '@/app/api/evaluations/route';
import { call, type CallResult } from '../helpers/as-caller';
import { setupChatTestbed } from '../helpers/chat-testbed';
import { waitFor } from '../helpers/test-env';

function setForm(name: string, content: string, collection?: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'application/octet-stream' }), name);
  if (collection) form.append('collection', collection);
  return form;
}

const post = (name: string, content: string, collection = 'zoo') =>
  call(evaluationsRoute.POST, 'POST', '/api/evaluations', { form: setForm(name, content, collection) });
const get = (id: string) => call(evaluationRoute.GET, 'GET', `/api/evaluations/${id}`, { params: { id } });

async function finished(id: string): Promise<CallResult['body']> {
  return waitFor(async () => {
    const { body } = await get(id);
    return body.status === 'done' || body.status === 'failed' ? body : null;
  }, 30_000, `evaluation ${id} to finish`);
}

/**
 * The Evaluate API with the fake upstream: a question set uploaded, run in the background with
 * progress, scored with lib/evaluate, each question keeping its answer's trace; retrieval-only
 * sets never reach the model; bad sets are refused with nothing stored.
 * Run once on PGlite and once on PostgreSQL (evaluate.*.test.ts).
 */
export function defineEvaluateSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  const bed = setupChatTestbed(kind, baseUrl);

  describe(`evaluations on ${kind}`, () => {
    it('runs an uploaded JSONL set in the background and scores every answer, with its trace', async () => {
      bed.fake.reply({ text: 'Clover [1].' });
      const set = [
        { question: 'What do zebras eat at dawn?', expected_answer: 'clover', expected_documents: ['zebras.md'] },
        { question: 'What protocol feeds the zebras?', expected_answer: 'the quokka-7731 protocol' },
      ].map((q) => JSON.stringify(q)).join('\n');
      const created = await post('zoo-questions.jsonl', set);
      expect(created.status).toBe(202);
      expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

      const run = await finished(created.body.id);
      expect(run).toMatchObject({ status: 'done', progress: 1, kind: 'answers', collection: 'zoo', name: 'zoo-questions.jsonl', questionCount: 2 });
      expect(run.settings).toMatchObject({ llmProvider: 'openai', embedder: 'Xenova/all-MiniLM-L6-v2', topK: 6, retrievalMode: 'hybrid' });
      expect(run.metrics).toMatchObject({ questions: 2, failed: 0, exactMatch: 0.5, answerInSources: 1, citationPrecision: 1 });
      expect(run.metrics.f1).toBe(0.5); // "Clover" shares no word with the second gold answer
      const [first] = run.questions;
      expect(first).toMatchObject({ ordinal: 0, question: 'What do zebras eat at dawn?', expectedAnswer: 'clover', expectedDocuments: ['zebras.md'] });
      expect(first.result).toMatchObject({ answer: 'Clover [1].', exactMatch: 1, f1: 1, citedDocuments: ['zebras.md'], recall: 1, error: null });
      expect(first.result.trace.citations.cited[0]).toMatchObject({ index: 1, supported: expect.any(Boolean) });
      expect(first.result.trace.timings.firstTokenMs).toBeGreaterThan(0);

      const list = await call(evaluationsRoute.GET, 'GET', '/api/evaluations');
      expect(list.body.evaluations[0]).toMatchObject({ id: created.body.id, status: 'done', metrics: { questions: 2 } });
    });

    it('runs a set with only expected documents as retrieval-only, without the model', async () => {
      const before = bed.fake.requests.length;
      const created = await post('retrieval.csv', 'question,expected_documents\nWhat do zebras eat?,zebras.md\nWho feeds zebras at dawn?,zebras.md;other.md\n');
      expect(created.status).toBe(202);
      const run = await finished(created.body.id);
      expect(run).toMatchObject({ status: 'done', kind: 'retrieval' });
      expect(run.metrics).toMatchObject({ questions: 2, recall: 0.75, mrr: 1, f1: null });
      expect(run.questions[0].result).toMatchObject({ answer: null, retrievedDocuments: ['zebras.md'], recall: 1 });
      expect(bed.fake.requests.length).toBe(before);
    });

    it('refuses a bad set or an unknown collection with a clear error and stores nothing', async () => {
      const count = async () => (await call(evaluationsRoute.GET, 'GET', '/api/evaluations')).body.evaluations.length;
      const before = await count();
      const notJson = await post('bad.jsonl', '{"question":"ok"}\nnot json\n');
      expect(notJson.status).toBe(422);
      expect(notJson.body.error).toMatchObject({ code: 'invalid_question_set', message: expect.stringContaining('Line 2') });
      const noColumn = await post('bad.csv', 'prompt,answer\nhi,there\n');
      expect(noColumn.body.error.code).toBe('invalid_question_set');
      expect((await post('empty.jsonl', '')).body.error.code).toBe('empty_file');
      const unknown = await post('q.jsonl', '{"question":"Zebras?"}', 'no-such-collection');
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('unknown_collection');
      expect((await get('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect(await count()).toBe(before);
    });
  });
}
