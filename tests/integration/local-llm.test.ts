import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCitations } from '@/lib/chat/citations';
import { getChatModel } from '@/lib/chat/providers';
import { resetEnvCache } from '@/lib/env';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { provisionTestModels } from '@/lib/models/test-models';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import { saveSettings } from '@/lib/settings';
import * as api from '../helpers/api-client';
import * as chat from '../helpers/chat-client';
import { startRouteServer } from '../helpers/route-server';
import { configureTestEnv, makeTempDir, waitFor } from '../helpers/test-env';

/**
 * The local provider with the real test LLM (SmolLM2 135M): answers stream, abort frees the
 * model within a second, and the queue in front of it is bounded. What the tiny model says is
 * not judged; how Docent handles whatever it says is.
 */
let docent: { url: string; close: () => Promise<void> };
const ZEBRAS = 'Zebras eat clover at dawn on the savanna. The quokka-7731 protocol says zebras sleep standing up.';

beforeAll(async () => {
  configureTestEnv({ dataDir: makeTempDir() });
  process.env.LLM_PROVIDER = 'local';
  process.env.LLM_MODEL = TEST_LLM_FILE;
  resetEnvCache();
  await provisionTestModels();
  const { body } = await api.upload([{ name: 'zebras.txt', content: ZEBRAS }], 'zoo');
  expect((await api.waitForIngestion(body.documents[0].id)).status).toBe('ready');
  docent = await startRouteServer(chat.chatRoutes);
});

afterAll(async () => {
  await docent?.close();
  delete process.env.LLM_PROVIDER;
  delete process.env.LLM_MODEL;
  resetEnvCache();
  await shutdownRuntime();
});

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: 'user', content }],
  collection: 'zoo',
  temperature: 0,
  ...extra,
});

describe('the local provider (SmolLM2 test GGUF)', () => {
  it('is reported ready once its file is there', async () => {
    expect((await api.health()).body.llm).toEqual({ provider: 'local', model: TEST_LLM_FILE, ready: true });
    expect((await chat.listModels()).body.data[0]).toMatchObject({ id: TEST_LLM_FILE, object: 'model', owned_by: 'docent' });
  });

  it('answers with the retrieved chunks as sources, storing the citations it made', async () => {
    const { status, body } = await chat.completion(ask('What do zebras eat?', { max_tokens: 64, store: true }));
    expect(status).toBe(200);
    const content: string = body.choices[0].message.content;
    expect(content.trim().length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(body.choices[0].finish_reason);
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
    expect(body.sources).toEqual([expect.objectContaining({ index: 1, documentName: 'zebras.txt', text: expect.stringContaining('clover') })]);

    const stored = (await chat.getChat(body.chat_id)).body.messages[1];
    expect(stored.content).toBe(content);
    const cited = new Set(parseCitations(content));
    expect(stored.sources.map((s: any) => [s.index, s.cited])).toEqual(body.sources.map((s: any) => [s.index, cited.has(s.index)]));

    // Its trace: the GGUF's quantization, the local budget and real timings.
    expect(stored.trace.model).toEqual({ provider: 'local', id: TEST_LLM_FILE, quantization: 'Q4_1', temperature: 0, maxTokens: 64 });
    expect(stored.trace.retrieval.candidates[0]).toMatchObject({ documentName: 'zebras.txt', status: 'sent', sourceIndex: 1 });
    expect(stored.trace.prompt.contextSize).toBeGreaterThan(stored.trace.prompt.total);
    expect(stored.trace.timings.firstTokenMs).toBeGreaterThan(0);
    expect(stored.trace.timings.tokensPerSecond).toBeGreaterThan(0);
  });

  it('streams a real answer piece by piece over HTTP', async () => {
    const response = await fetch(`${docent.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('Describe zebras.', { stream: true, max_tokens: 48 })),
    });
    const { events, done } = await chat.readEvents(response);
    expect(done).toBe(true);
    expect(events[0].sources[0].documentName).toBe('zebras.txt');
    const pieces = events.map((e) => e.choices?.[0]?.delta?.content).filter(Boolean);
    expect(pieces.length).toBeGreaterThan(1);
    expect(events.at(-1).choices[0].finish_reason).toMatch(/^(stop|length)$/);
  });

  it('stops within a second of an abort, then serves the next request normally', async () => {
    const model = await getChatModel({});
    const controller = new AbortController();
    const messages = [{ role: 'user' as const, content: 'Write a very long story about a zebra who travels the world.' }];
    const stream = await model.stream(messages, { temperature: 0, maxTokens: 2000 }, controller.signal);
    let pieces = 0;
    let abortedAt = 0;
    for await (const _ of stream) {
      void _;
      if (++pieces === 3) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    expect(pieces).toBeGreaterThanOrEqual(3);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(stream.finishReason).toBeUndefined();

    const next = await chat.completion(ask('What do zebras eat?', { max_tokens: 24 }));
    expect(next.status).toBe(200);
    expect(next.body.choices[0].message.content.trim().length).toBeGreaterThan(0);
  });

  it('stops when an HTTP client disconnects and stores the partial answer as aborted', async () => {
    const controller = new AbortController();
    const response = await fetch(`${docent.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('Write a very long story about zebras.', { stream: true, max_tokens: 2000, store: true })),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('"content":"') || !/"content":"[^"]/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    const chatId = JSON.parse(text.split('\n')[0].slice(6)).chat_id;
    controller.abort();
    const abortedAt = performance.now();
    // The answer is stored once generation has stopped.
    const stored = await waitFor(async () => (await chat.getChat(chatId)).body.messages?.[1], 5000, 'the aborted answer to be stored');
    expect(performance.now() - abortedAt).toBeLessThan(1500);
    expect(stored.finishReason).toBe('aborted');
  });

  it('refuses requests beyond the bounded queue with 503 and Retry-After', async () => {
    // One long answer holds the model; while it runs, 15 more arrive: 8 may wait, the rest are refused at once.
    const long = new AbortController();
    const response = await fetch(`${docent.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('Write a very long story about zebras.', { stream: true, max_tokens: 2000, store: true })),
      signal: long.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!/"content":"[^"]/.test(text)) text += new TextDecoder().decode((await reader.read()).value);

    const settled: { status: number; headers: Headers; body: any }[] = [];
    const all = Promise.all(
      Array.from({ length: 15 }, () => chat.completion(ask('Tell me about zebras.', { max_tokens: 8 })).then((r) => settled.push(r))),
    );
    await waitFor(async () => settled.some((r) => r.status === 503), 20_000, 'a refusal');
    long.abort();
    await all;
    const refused = settled.filter((r) => r.status === 503);
    for (const r of refused) {
      expect(r.body.error.code).toBe('model_busy');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(settled.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(8); // the ones that waited their turn
    expect(refused.length + settled.filter((r) => r.status === 200).length).toBe(15);
  });

  it('ends every sentence with a valid citation once the admin chose the citation grammar', async () => {
    const db = await getDatabase();
    await saveSettings(db, { citationFormat: 'cite-every-sentence' });
    try {
      const { status, body } = await chat.completion(ask('What do zebras eat?', { max_tokens: 512 }));
      expect(status).toBe(200);
      const content: string = body.choices[0].message.content.trim();
      expect(body.sources).toHaveLength(1);
      const sentences = content.match(/[^.!?]+[.!?]/g) ?? [];
      expect(sentences.join('').trim(), content).toBe(content);
      for (const sentence of sentences) expect(sentence, content).toMatch(/(\[1\])+[.!?]$/);
    } finally {
      await saveSettings(db, { citationFormat: null });
    }
  });
});
