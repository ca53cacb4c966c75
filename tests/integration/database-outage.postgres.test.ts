import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../helpers/api-client';
import * as chat from '../helpers/chat-client';
import { ask, setupChatTestbed } from '../helpers/chat-testbed';

const url = process.env.TEST_DATABASE_URL;

/**
 * A real PostgreSQL made unreachable under Docent: the scratch database stops accepting
 * connections and its open ones are terminated, as in a crash or restart. Every route answers
 * 503 database_unavailable; an answer that ends during the outage is retried and, if it still
 * cannot be stored, the stream ends with an error event instead of pretending it was saved.
 */
describe.skipIf(!url)('a database outage on PostgreSQL (TEST_DATABASE_URL)', () => {
  const bed = setupChatTestbed('postgres', url);
  let admin: pg.Client;
  let name: string;

  const setAvailable = async (available: boolean) => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${available}`);
    if (!available) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  };

  beforeAll(async () => {
    name = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });

  afterAll(async () => {
    await setAvailable(true).catch(() => undefined);
    await admin?.end();
  });

  /** Streams a question; `onFirstPiece` runs once the answer has begun, `onLastPiece` once its whole text has arrived. */
  async function streamAnswer(hooks: { onFirstPiece: () => Promise<void>; onLastPiece?: () => Promise<void> }, text: string) {
    bed.fake.reply({ text, tokenDelayMs: 50 });
    const response = await chat.postCompletion(ask('What do zebras eat?', { stream: true, store: true }));
    expect(response.status).toBe(200);
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    const events: any[] = [];
    let content = '';
    let buffer = '';
    let first = true;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks.filter((b) => b.startsWith('data: ') && b !== 'data: [DONE]')) {
        const event = JSON.parse(block.slice(6));
        events.push(event);
        const piece = event.choices?.[0]?.delta?.content;
        if (!piece) continue;
        content += piece;
        if (first) await hooks.onFirstPiece();
        first = false;
        if (content === text) await hooks.onLastPiece?.();
      }
    }
    return { events, content, chatId: events[0].chat_id as string };
  }

  it('answers 503 database_unavailable on every route, health included, and recovers', async () => {
    await setAvailable(false);
    try {
      const health = await api.health();
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', database: { kind: 'postgres', ready: false }, error: { code: 'database_unavailable' } });
      for (const result of [await api.search({ query: 'zebras' }), await api.listDocuments(), await chat.listChats(), await chat.completion(ask('Zebras?'))]) {
        expect(result.status).toBe(503);
        expect(result.body.error.code).toBe('database_unavailable');
      }
    } finally {
      await setAvailable(true);
    }
    expect((await api.health()).status).toBe(200);
  });

  it('ends the stream with an error event when the answer cannot be stored, never pretending', async () => {
    const text = 'Zebras eat clover at dawn [1], says the protocol.';
    const { events, content, chatId } = await streamAnswer({ onFirstPiece: () => setAvailable(false) }, text);
    await setAvailable(true);
    expect(content).toBe(text);
    expect(events.at(-1).error).toMatchObject({ code: 'answer_not_saved', message: expect.stringContaining('not in your chat history') });
    expect(events.some((e) => e.choices?.[0]?.finish_reason === 'stop')).toBe(false);
    expect((await chat.getChat(chatId)).status).toBe(404);
  }, 60_000);

  it('stores an answer whose first write meets the outage once the database is back', async () => {
    const text = 'Zebras graze on clover [1] before sunrise.';
    const { events, chatId } = await streamAnswer(
      {
        onFirstPiece: () => setAvailable(false),
        // The write starts as the last piece arrives and fails; the database returns while it is retried.
        onLastPiece: async () => void setTimeout(() => void setAvailable(true), 1_000),
      },
      text,
    );
    expect(events.at(-1).choices[0].finish_reason).toBe('stop');
    const stored = await chat.getChat(chatId);
    expect(stored.status).toBe(200);
    expect(stored.body.messages.at(-1)).toMatchObject({ role: 'assistant', content: text });
  }, 60_000);
});
