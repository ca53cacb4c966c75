import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import * as settingsRoute from '@/app/api/settings/route';
import { createChatCompletion } from '@/lib/chat/completions';
import { SOURCE_RULES } from '@/lib/chat/prompt';
import { DEFAULT_SYSTEM_PROMPT } from '@/lib/settings';
import * as api from '../helpers/api-client';
import * as chat from '../helpers/chat-client';
import { ask, setupChatTestbed } from '../helpers/chat-testbed';
import { waitFor } from '../helpers/test-env';
import { defineChatFailureTests } from './chat-failures';

async function putSettings(body: unknown) {
  return settingsRoute.PUT(
    new Request('http://docent.test/api/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
}

/**
 * Grounded chat end to end with LLM_PROVIDER=openai against a local fake upstream: the real
 * routes, retrieval and database, reached by the openai SDK over HTTP and by direct calls.
 * Run once on PGlite and once on PostgreSQL (chat.*.test.ts).
 */
export function defineChatSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  const bed = setupChatTestbed(kind, baseUrl);

  describe(`OpenAI-compatible chat on ${kind}`, () => {
    it('lists the configured model and reports it ready', async () => {
      const models = await bed.client.models.list();
      expect(models.data).toEqual([expect.objectContaining({ id: 'fake-model', object: 'model', owned_by: 'docent' })]);
      const health = await api.health();
      expect(health.body.llm).toEqual({ provider: 'openai', model: 'fake-model', ready: true });
    });

    it('answers through the openai SDK, grounded in the retrieved chunks', async () => {
      const response = (await bed.client.chat.completions.create({
        model: 'fake-model',
        messages: [{ role: 'user', content: 'What do zebras eat in the morning?' }],
        collection: 'zoo',
        store: true,
      } as OpenAI.ChatCompletionCreateParamsNonStreaming)) as OpenAI.ChatCompletion & { sources: any[]; chat_id: string };

      expect(response.object).toBe('chat.completion');
      expect(response.id).toMatch(/^chatcmpl-/);
      expect(response.model).toBe('fake-model');
      expect(response.choices[0]).toMatchObject({ index: 0, message: { role: 'assistant', content: 'Zebras eat clover at dawn [1].' }, finish_reason: 'stop' });
      expect(response.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(response.usage!.total_tokens).toBe(response.usage!.prompt_tokens + response.usage!.completion_tokens);
      expect(response.chat_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.sources[0]).toEqual({
        index: 1,
        chunkId: expect.any(String),
        documentId: expect.any(String),
        documentName: 'zebras.md',
        text: expect.stringContaining('quokka-7731 protocol feeds zebras clover'),
        score: expect.any(Number),
        page: null,
      });

      const upstream = bed.lastUpstream();
      expect(upstream.headers.authorization).toBe(`Bearer ${bed.secretKey}`);
      expect(upstream.body).toMatchObject({ model: 'fake-model', stream: true, temperature: 0.2, max_tokens: 512 });
      const [system, user] = upstream.body.messages;
      expect(system).toEqual({ role: 'system', content: `${DEFAULT_SYSTEM_PROMPT}\n\n${SOURCE_RULES}` });
      expect(user.role).toBe('user');
      // The retrieved chunk reaches the upstream verbatim, fenced and numbered as in `sources`.
      // Its section (the heading above it) labels it, since contextual chunks may not repeat it.
      expect(user.content).toContain(`<source id="1" document="zebras.md" section="Zebra husbandry">\n${response.sources[0].text.trim()}\n</source>`);
      expect(user.content.endsWith('Question: What do zebras eat in the morning?')).toBe(true);
    });

    it("sends the admin's stored API key upstream instead of OPENAI_API_KEY", async () => {
      const stored = 'sk-stored-in-settings-7777';
      expect((await putSettings({ openaiApiKey: stored })).status).toBe(200);
      try {
        await chat.completion(ask('What do zebras eat?'));
        expect(bed.lastUpstream().headers.authorization).toBe(`Bearer ${stored}`);
      } finally {
        expect((await putSettings({ openaiApiKey: null })).status).toBe(200);
      }
      await chat.completion(ask('What do zebras eat?'));
      expect(bed.lastUpstream().headers.authorization).toBe(`Bearer ${bed.secretKey}`);
    });

    it('streams through the SDK token by token, sources first', async () => {
      bed.fake.reply({ text: 'Zebras graze on clover every dawn [1].', tokenDelayMs: 150 });
      const stream = await bed.client.chat.completions.create({
        model: 'fake-model',
        messages: [{ role: 'user', content: 'What do zebras eat?' }],
        stream: true,
        collection: 'zoo',
        store: true,
      } as OpenAI.ChatCompletionCreateParamsStreaming);
      const arrivals: { at: number; chunk: any }[] = [];
      for await (const chunk of stream) arrivals.push({ at: Date.now(), chunk });

      const [first, ...rest] = arrivals.map((a) => a.chunk);
      expect(first).toMatchObject({ object: 'chat.completion.chunk', chat_id: expect.any(String), choices: [{ delta: { role: 'assistant' } }] });
      expect(first.sources.map((s: any) => s.documentName)).toEqual(['zebras.md']);
      const content = arrivals.filter((a) => a.chunk.choices[0]?.delta?.content);
      expect(content.map((a) => a.chunk.choices[0].delta.content)).toEqual(['Zebras ', 'graze ', 'on ', 'clover ', 'every ', 'dawn ', '[1].']);
      // The first words reached the client while the upstream was still writing the rest.
      expect(content[0].at).toBeLessThan(bed.lastUpstream().finishedAt! - 500);
      expect(rest.at(-1).choices[0].finish_reason).toBe('stop');
    });

    it('frames the stream as text/event-stream ending in [DONE], with usage when asked', async () => {
      const response = await chat.postCompletion(ask('Zebra food?', { stream: true, stream_options: { include_usage: true } }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      const { events, done, raw } = await chat.readEvents(response);
      expect(done).toBe(true);
      expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(events.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) } });
      expect(new Set(events.map((e) => e.id)).size).toBe(1);
    });

    it('sends keep-alive comments while the first token is slow', async () => {
      bed.fake.reply({ firstTokenDelayMs: 450 });
      const response = await createChatCompletion({ viewerId: null, messages: [{ role: 'user', content: 'Zebras?' }], collection: 'zoo', stream: true }, new AbortController().signal, 100);
      const { raw, comments } = await chat.readEvents(response);
      expect(comments.length).toBeGreaterThanOrEqual(2);
      const keepAlive = raw.indexOf(': keep-alive');
      expect(keepAlive).toBeGreaterThan(raw.indexOf('"sources"'));
      expect(keepAlive).toBeLessThan(raw.indexOf('"content":"Zebras'));
    });
  });

  describe(`chats on ${kind}`, () => {
    it('stores each exchange with its sources, appends by chat_id, lists newest first and deletes', async () => {
      bed.fake.reply({ text: 'Clover [1], and more clover [7].' });
      const first = await chat.completion(ask('  What do   zebras eat?  ', { store: true }));
      const chatId = first.body.chat_id;
      expect(first.headers.get('x-chat-id')).toBe(chatId);

      const stored = await chat.getChat(chatId);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ id: chatId, title: 'What do zebras eat?', collection: 'zoo', messageCount: 2 });
      const [question, answer] = stored.body.messages;
      expect(question).toMatchObject({ role: 'user', content: '  What do   zebras eat?  ', finishReason: null, sources: [] });
      expect(answer).toMatchObject({ role: 'assistant', content: 'Clover [1], and more clover [7].', finishReason: 'stop' });
      expect(answer.sources).toEqual([expect.objectContaining({ index: 1, documentName: 'zebras.md', cited: true })]);

      await chat.completion({ ...ask('And at night?'), chat_id: chatId });
      await chat.completion(ask('Unrelated?', { store: true }), { headers: {} });
      await chat.completion(ask('Via header?'), { headers: { 'x-chat-id': chatId } });
      const after = await chat.getChat(chatId);
      expect(after.body.messages.map((m: any) => m.content)).toEqual([
        '  What do   zebras eat?  ', 'Clover [1], and more clover [7].', 'And at night?', 'Clover [1], and more clover [7].',
        'Via header?', 'Clover [1], and more clover [7].',
      ]);
      const list = await chat.listChats();
      expect(list.body.chats[0].id).toBe(chatId); // most recently active first
      expect(list.body.chats.map((c: any) => c.title)).toContain('Unrelated?');

      expect((await chat.deleteChat(chatId)).status).toBe(204);
      expect((await chat.getChat(chatId)).status).toBe(404);
      expect((await chat.deleteChat(chatId)).body.error.code).toBe('not_found');
    });

    it("keeps an API call as a chat only with store: true or a chat_id (OpenAI's store)", async () => {
      const titles = async () => (await chat.listChats()).body.chats.map((c: any) => c.title);
      const unstored = await bed.client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'Ephemeral zebra question?' }] });
      expect((unstored as any).chat_id).toBeUndefined();
      expect(unstored.choices[0].message.content).toBeTruthy();
      const streamed = await chat.postCompletion(ask('Ephemeral streamed question?', { stream: true }));
      expect(streamed.headers.get('x-chat-id')).toBeNull();
      expect((await chat.readEvents(streamed)).events[0].chat_id).toBeUndefined();
      expect(await titles()).not.toEqual(expect.arrayContaining([expect.stringMatching(/^Ephemeral/)]));

      const kept = (await bed.client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'Kept zebra question?' }], store: true })) as any;
      expect(kept.chat_id).toMatch(/^[0-9a-f-]{36}$/);
      await chat.completion({ ...ask('Follow-up without store?'), chat_id: kept.chat_id });
      expect((await chat.getChat(kept.chat_id)).body.messages.map((m: any) => m.content)).toContain('Follow-up without store?');
      expect(await titles()).toContain('Kept zebra question?');
    });

    it('answers models.retrieve, and refuses an unknown model, n > 1 and an unknown collection in the JSON shape', async () => {
      expect(await bed.client.models.retrieve('fake-model')).toMatchObject({ id: 'fake-model', object: 'model', owned_by: 'docent' });
      const missing = await fetch(`${bed.docentUrl}/v1/models/gpt-5-imaginary`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await missing.json()).error).toEqual({ code: 'model_not_found', message: expect.stringContaining('"fake-model"') });
      await expect(bed.client.models.retrieve('gpt-5-imaginary')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });

      const before = bed.fake.requests.length;
      await expect(
        bed.client.chat.completions.create({ model: 'gpt-5-imaginary', messages: [{ role: 'user', content: 'Zebras?' }] }),
      ).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
      await expect(
        bed.client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'Zebras?' }], n: 2 }),
      ).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter' });
      const noCollection = await chat.completion({ messages: [{ role: 'user', content: 'Zebras?' }], collection: 'no-such-shelf', stream: true });
      expect(noCollection.status).toBe(404);
      expect(noCollection.body.error).toEqual({ code: 'collection_not_found', message: expect.stringContaining('no-such-shelf') });
      expect(bed.fake.requests.length).toBe(before); // nothing reached the model
      expect((await chat.completion({ ...ask('Zebras?'), n: 1, model: 'fake-model' })).status).toBe(200);
    });

    it('refuses an unknown chat_id before streaming', async () => {
      for (const stream of [false, true]) {
        const res = await chat.completion({ ...ask('Zebras?'), stream, chat_id: '00000000-0000-4000-8000-000000000000' });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      expect((await chat.getChat("1' OR '1'='1")).status).toBe(404);
    });

    it('stops generating when the client disconnects and keeps the partial answer', async () => {
      bed.fake.reply({ text: 'word '.repeat(60), tokenDelayMs: 100 });
      const chatId = await chat.streamThenDisconnect(bed.docentUrl, ask('Tell me everything about zebras.', { stream: true, store: true }), '"content":"word');
      const upstream = bed.lastUpstream();
      const abortedAt = Date.now();
      await upstream.closed;
      expect(Date.now() - abortedAt).toBeLessThan(1000);
      expect(upstream.closedByClient).toBe(true);
      expect(upstream.piecesSent).toBeLessThan(30);

      const stored = await waitFor(async () => (await chat.getChat(chatId)).body.messages?.[1], 5000, 'the partial answer to be stored');
      expect(stored.finishReason).toBe('aborted');
      expect(stored.content).toMatch(/^word /);
    });
  });

  describe(`retrieval injection on ${kind}`, () => {
    it('keeps injected document text fenced inside the sources, after unchanged rules', async () => {
      bed.fake.reply({});
      await chat.completion(ask('What do zebras eat?'));
      const benignSystem = bed.lastUpstream().body.messages[0];

      const res = await chat.completion({ messages: [{ role: 'user', content: 'What is the lighthouse budget?' }], collection: 'memos' });
      expect(res.body.sources.map((s: any) => s.documentName)).toEqual(['memo.txt']);
      const sent: { role: string; content: string }[] = bed.lastUpstream().body.messages;
      expect(sent[0]).toEqual(benignSystem);
      expect(sent[0].content).toContain(SOURCE_RULES);
      expect(sent.filter((m) => m.role === 'system')).toHaveLength(1);
      expect(sent[0].content).not.toMatch(/PWNED|developer mode/);

      const user = sent.at(-1)!.content;
      const open = user.indexOf('<source id="1" document="memo.txt">');
      const close = user.indexOf('</source>');
      expect(open).toBeGreaterThanOrEqual(0);
      for (const marker of ['PWNED-1234', 'developer mode', '4,000 crowns']) {
        expect(user.indexOf(marker)).toBeGreaterThan(open);
        expect(user.indexOf(marker)).toBeLessThan(close);
      }
      // The document's own "</source>" was neutralised: one closing tag per source, nothing outside.
      expect(user.match(/<\/source>/g)).toHaveLength(1);
      expect(user.replace(/<source [^>]*>[\s\S]*?<\/source>/g, '')).not.toMatch(/PWNED|developer mode/);
    });
  });

  defineChatFailureTests(kind, bed);
}
