import { describe, expect, it } from 'vitest';
import * as chat from '../helpers/chat-client';
import { ask, setupChatTestbed } from '../helpers/chat-testbed';
import { waitFor } from '../helpers/test-env';
import { supportSimilarityFor } from '@/lib/chat/trace-citations';
import { MINILM_MODEL } from '@/lib/models/registry';

/** The stored answer of a chat once its citation check has run. */
async function checkedAnswer(chatId: string): Promise<any> {
  return waitFor(
    async () => {
      const answer = (await chat.getChat(chatId)).body.messages?.[1];
      return answer?.trace && answer.trace.citations.check !== 'pending' ? answer : null;
    },
    10_000,
    'the checked trace',
  );
}

/**
 * Answer traces with an OpenAI-compatible upstream (the fake): what GET /api/chats/{id} shows
 * under each answer — retrieval ranks, prompt budget, model, timings, citations and their check.
 * Run once on PGlite and once on PostgreSQL (trace.*.test.ts).
 */
export function defineTraceSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  const bed = setupChatTestbed(kind, baseUrl);

  describe(`answer traces on ${kind}`, () => {
    it('stores a trace with ranks, budget, model, timings and supported citations', async () => {
      bed.fake.reply({ text: 'Zebras are fed clover at dawn [1]. Some numbers point nowhere [4].', firstTokenDelayMs: 120 });
      const { body } = await chat.completion(ask('What do zebras eat at dawn?', { store: true }));
      const { trace } = await checkedAnswer(body.chat_id);

      expect(trace.retrieval).toMatchObject({ query: 'What do zebras eat at dawn?', mode: 'hybrid', k: 6 });
      const sent = trace.retrieval.candidates.filter((c: any) => c.status === 'sent');
      expect(sent).toEqual([
        expect.objectContaining({ documentName: 'zebras.md', sourceIndex: 1, vectorRank: 1, keywordRank: 1, fusedRank: 1, tokens: expect.any(Number) }),
      ]);
      expect(sent[0].vectorScore).toBeGreaterThan(0);
      expect(sent[0].keywordScore).toBeGreaterThan(0);

      const { prompt } = trace;
      expect(prompt.sources).toBeGreaterThanOrEqual(sent[0].tokens);
      expect(prompt.system + prompt.history + prompt.sources + prompt.question).toBe(prompt.total);
      expect(prompt.reservedForAnswer).toBe(512);
      expect(trace.model).toEqual({ provider: 'openai', id: 'fake-model', quantization: null, temperature: 0.2, maxTokens: 512 });

      const t = trace.timings;
      // The fake waits 120 ms before its first token; first token counts from the request's arrival.
      expect(t.firstTokenMs).toBeGreaterThanOrEqual(120);
      expect(t.firstTokenMs).toBeLessThanOrEqual(t.totalMs);
      expect(t.waitForModelMs).toBeGreaterThanOrEqual(120);
      for (const key of ['embedQueryMs', 'vectorSearchMs', 'keywordSearchMs', 'fusionMs', 'retrievalMs', 'promptMs']) expect(t[key]).toBeGreaterThanOrEqual(0);
      expect(t.completionTokens).toBeGreaterThan(0);

      expect(trace.citations.cited).toEqual([expect.objectContaining({ index: 1, sentence: 'Zebras are fed clover at dawn.', supported: true })]);
      expect(trace.citations.dangling).toEqual([4]);
      expect(trace.citations.uncitedSentences).toEqual([]);
      expect(trace.warnings).toContain('The answer cites [4], which names no source.');
    });

    it('flags a citation to a chunk that says something else, without hiding the answer', async () => {
      bed.fake.reply({ text: 'The lighthouse budget for next year is four thousand crowns [1].' });
      const { body } = await chat.completion(ask('What do zebras eat?', { store: true }));
      const answer = await checkedAnswer(body.chat_id);
      expect(answer.content).toBe('The lighthouse budget for next year is four thousand crowns [1].');
      const [citation] = answer.trace.citations.cited;
      expect(citation).toMatchObject({ index: 1, supported: false });
      expect(citation.similarity).toBeLessThan(supportSimilarityFor(MINILM_MODEL));
      expect(answer.trace.warnings.some((w: string) => w.startsWith('Source [1] may not support'))).toBe(true);
    });

    it('stores a trace for an answer the client aborted', async () => {
      bed.fake.reply({ text: 'word '.repeat(60), tokenDelayMs: 100 });
      const chatId = await chat.streamThenDisconnect(bed.docentUrl, ask('Tell me everything about zebras.', { stream: true, store: true }), '"content":"word');
      const { trace } = await checkedAnswer(chatId);
      expect(trace.finishReason).toBe('aborted');
      expect(trace.timings.firstTokenMs).toBeGreaterThan(0);
      expect(trace.citations.check).toBe('skipped');
      expect(trace.warnings).toContain('The answer was stopped before it finished.');
    });
  });
}
