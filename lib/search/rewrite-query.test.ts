import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '@/tests/helpers/fake-openai-server';
import { OpenAIChatModel } from '../chat/providers/openai';
import type { ChatMessage } from '../chat/types';
import { cleanRewrite, completerFor, fallbackQuery, REWRITE_INSTRUCTIONS, standaloneQuery } from './rewrite-query';

const followUp: ChatMessage[] = [
  { role: 'user', content: 'Tell me about the Hubble Space Telescope.' },
  { role: 'assistant', content: 'It is a space telescope launched in 1990 [1].' },
  { role: 'user', content: 'Who funded it?' },
];

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(() => fake.close());

const model = () => new OpenAIChatModel({ baseURL: fake.url, apiKey: 'test-key', model: 'gpt-test' });

describe('standalone search queries for follow-ups', () => {
  it('searches a first question as asked', async () => {
    expect(await standaloneQuery([{ role: 'user', content: 'What is RAG?' }], completerFor(model()))).toEqual({ query: 'What is RAG?', method: 'as-asked' });
  });

  it('falls back to the previous question followed by the current one', () => {
    expect(fallbackQuery(followUp)).toEqual({
      query: 'Tell me about the Hubble Space Telescope.\nWho funded it?',
      method: 'previous-question',
    });
  });

  it('asks an OpenAI-compatible chat model to rewrite, with the recent turns', async () => {
    fake.reply({ mode: 'ok', text: 'Query: "Who funded the Hubble Space Telescope?"' });
    const before = fake.requests.length;
    const result = await standaloneQuery(followUp, completerFor(model()));
    expect(result).toEqual({ query: 'Who funded the Hubble Space Telescope?', method: 'model' });
    const sent = fake.requests[before].body;
    expect(sent.messages[0]).toEqual({ role: 'system', content: REWRITE_INSTRUCTIONS });
    expect(sent.messages[1].content).toContain('User: Tell me about the Hubble Space Telescope.');
    expect(sent.messages[1].content).toContain('User: Who funded it?');
    expect(sent.temperature).toBe(0);
  });

  it('falls back when the model fails or replies with nothing usable', async () => {
    fake.reply({ mode: 'unauthorized' });
    expect((await standaloneQuery(followUp, completerFor(model()))).method).toBe('previous-question');
    fake.reply({ mode: 'ok', text: '   ' });
    expect((await standaloneQuery(followUp, completerFor(model()))).method).toBe('previous-question');
  });

  it('uses no model for local providers (the fallback is cheaper and as good as a small model)', async () => {
    const local = { provider: 'local' } as Parameters<typeof completerFor>[0];
    expect(completerFor(local)).toBeUndefined();
  });

  it('cleans a reply down to one query line', () => {
    expect(cleanRewrite('\n  Standalone query: Who funded Hubble?\nBecause…')).toBe('Who funded Hubble?');
    expect(cleanRewrite('x'.repeat(401))).toBeNull();
  });
});
