import { describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '@/lib/chat/providers/openai';
import { DEFAULT_LLM_FILE, TEST_LLM_FILE } from '@/lib/models/registry';
import * as api from '../helpers/api-client';
import * as chat from '../helpers/chat-client';
import { ask, type ChatTestbed } from '../helpers/chat-testbed';

/** What clients see when the upstream or the request goes wrong (part of chat-suite.ts). */
export function defineChatFailureTests(kind: 'pglite' | 'postgres', bed: ChatTestbed) {
  describe(`failures on ${kind}`, () => {
    const expectError = (res: { status: number; body: any }, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(20);
      expect(res.body.error.message).not.toContain(bed.secretKey);
    };

    it('turns upstream 401, 429 and 500 into clear errors before streaming', async () => {
      for (const stream of [false, true]) {
        bed.fake.reply({ mode: 'unauthorized' });
        const unauthorized = await chat.completion(ask('Zebras?', { stream }));
        expectError(unauthorized, 502, 'upstream_unauthorized');
        expect(unauthorized.body.error.message).toContain('OPENAI_API_KEY');

        bed.fake.reply({ mode: 'rate_limited', retryAfter: '7' });
        const limited = await chat.completion(ask('Zebras?', { stream }));
        expectError(limited, 429, 'upstream_rate_limited');
        expect(limited.headers.get('retry-after')).toBe('7');

        bed.fake.reply({ mode: 'server_error' });
        expectError(await chat.completion(ask('Zebras?', { stream })), 502, 'upstream_error');
      }
    });

    it('ends a stream that breaks mid-way with an error chunk and [DONE], keeping what came', async () => {
      bed.fake.reply({ mode: 'break_mid_stream', text: 'one two three four five' });
      const { events, done } = await chat.readEvents(await chat.postCompletion(ask('Zebras?', { stream: true, store: true })));
      expect(done).toBe(true);
      expect(events.at(-1)).toEqual({ error: { code: 'upstream_error', message: expect.stringContaining('broke off') } });
      expect(events.filter((e) => e.choices?.[0]?.delta?.content).length).toBe(2);
      const stored = await chat.getChat(events[0].chat_id);
      expect(stored.body.messages[1]).toMatchObject({ finishReason: 'error', content: 'one two ' });
    });

    it('gives up on a silent upstream with upstream_timeout', async () => {
      bed.fake.reply({ mode: 'hang' });
      const model = new OpenAIChatModel({ baseURL: bed.fake.url, model: 'fake-model', silenceTimeoutMs: 300 });
      const started = Date.now();
      await expect(model.stream([{ role: 'user', content: 'hi' }], { temperature: 0, maxTokens: 5 }, new AbortController().signal)).rejects.toMatchObject({
        code: 'upstream_timeout',
        status: 504,
      });
      expect(Date.now() - started).toBeLessThan(2000);
      await bed.lastUpstream().closed;
      expect(bed.lastUpstream().closedByClient).toBe(true);

      bed.fake.reply({ firstTokenDelayMs: 600 }); // headers come at once, then silence
      const slow = await model.stream([{ role: 'user', content: 'hi' }], { temperature: 0, maxTokens: 5 }, new AbortController().signal);
      await expect((async () => { for await (const _ of slow) void _; })()).rejects.toMatchObject({ code: 'upstream_timeout' });
      bed.fake.reply({});
    });

    it('rejects bad requests with 400', async () => {
      expectError(await chat.completion('{not json'), 400, 'invalid_json');
      expectError(await chat.completion({ messages: [] }), 400, 'invalid_request');
      expectError(await chat.completion({ messages: [{ role: 'assistant', content: 'hi' }] }), 400, 'invalid_request');
      expectError(await chat.completion({ messages: [{ role: 'tool', content: 'x' }] }), 400, 'invalid_request');
      const image = await chat.completion({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x' } }] }] });
      expectError(image, 400, 'invalid_request');
      expect(image.body.error.message).toContain('text content parts');
      expectError(await chat.completion({ ...ask('x'), k: 0 }), 400, 'invalid_request');
      expectError(await chat.completion({ ...ask('x'), temperature: 3 }), 400, 'invalid_request');
    });

    it('refuses an oversized or NUL question before loading a model or searching', async () => {
      const before = bed.fake.requests.length;
      const huge = await chat.completion(ask('What do zebras eat? '.repeat(10_000), { stream: true }));
      expectError(huge, 413, 'question_too_long');
      expect(huge.body.error.message).toContain('20,000');
      expectError(await chat.completion(ask('zebras\u0000clover')), 400, 'invalid_query');
      expect(bed.fake.requests.length).toBe(before);
      // A long but allowed question is searched on its opening only, and still answered.
      expect((await chat.completion(ask(`What do zebras eat? ${'and then '.repeat(1_500)}`))).status).toBe(200);
    });

    it('accepts text content parts', async () => {
      const parts = await chat.completion({ messages: [{ role: 'user', content: [{ type: 'text', text: 'What do zebras' }, { type: 'text', text: 'eat?' }] }], collection: 'zoo' });
      expect(parts.status).toBe(200);
      expect(bed.lastUpstream().body.messages.at(-1).content.endsWith('Question: What do zebras\neat?')).toBe(true);
    });

    it('says how to fix a model that is not configured or missing', async () => {
      try {
        bed.setLlmEnv({ LLM_PROVIDER: 'openai' });
        const openai = await chat.completion(ask('Zebras?'));
        expectError(openai, 503, 'model_not_ready');
        expect(openai.body.error.message).toContain('OPENAI_BASE_URL');

        bed.setLlmEnv({ LLM_PROVIDER: 'local', LLM_MODEL: 'no-such-model.gguf' });
        const local = await chat.completion(ask('Zebras?', { stream: true }));
        expectError(local, 503, 'model_not_ready');
        // Without the Hub, these are what work: every message names all three.
        const ways = ['npm run models:fetch -- --test', `LLM_MODEL=${TEST_LLM_FILE}`, 'set LLM_MODEL to its file name', 'LLM_PROVIDER=openai'];
        for (const way of ways) expect(local.body.error.message).toContain(way);
        const health = (await api.health()).body.llm;
        expect(health).toMatchObject({ provider: 'local', model: 'no-such-model.gguf', ready: false });
        for (const way of ways) expect(health.error).toContain(way);
        // The default model (downloadable) also says that models:fetch gets it where the Hub is reachable.
        bed.setLlmEnv({ LLM_PROVIDER: 'local', LLM_MODEL: DEFAULT_LLM_FILE });
        const fallback = (await api.health()).body.llm.error;
        expect(fallback).toContain('`npm run models:fetch` downloads it');
        for (const way of ways) expect(fallback).toContain(way);
      } finally {
        bed.pointAtFake();
      }
    });
  });

}
