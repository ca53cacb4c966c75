import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, makeTempDir, waitFor } from '../helpers/test-env';

const CHILD = path.join(__dirname, '../helpers/instance-child.ts');
const baseUrl = process.env.TEST_DATABASE_URL;
// Streamed a word every 100 ms by each instance's fake upstream: about 2 s an answer, so two
// answers overlap and a SIGTERM lands mid-answer.
const ANSWER = 'The night shift counts the herd at dusk, moves it to the north meadow, and hands it over at dawn [1].';

/**
 * An answer streaming over HTTP: `first` is the first piece read (so the answer is under way),
 * `rest()` reads to the end and gives the whole raw stream, the text it carried and its chat.
 */
async function startAnswer(url: string, cookie: string, question: string) {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ messages: [{ role: 'user', content: question }], stream: true, store: true }), // stored, as the app's chats are
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let raw = decoder.decode((await reader.read()).value, { stream: true });
  return {
    rest: async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) raw += decoder.decode(r.value, { stream: true });
      const chunks = raw.split('\n\n').filter((b) => b.startsWith('data: {')).map((b) => JSON.parse(b.slice(6)));
      const text = chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
      return { raw, text, chatId: chunks[0].chat_id as string };
    },
  };
}

/** The chat as stored: its rows in `chats` and its messages in order. */
async function storedChat(db: pg.Client, chatId: string) {
  const chats = (await db.query('SELECT count(*)::int AS n FROM chats WHERE id = $1', [chatId])).rows[0].n;
  const { rows } = await db.query('SELECT role, content, finish_reason FROM messages WHERE chat_id = $1 ORDER BY ordinal', [chatId]);
  return { chats, messages: rows };
}

interface Instance {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  log: () => string;
}

function startInstance(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Instance & { exit: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    // Each its own DATA_DIR (as on separate machines), one DOCENT_SECRET for both.
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: makeTempDir(),
      DOCENT_SECRET: 'two-instances-shared-secret-0001',
      LOG_FORMAT: 'json',
      INSTANCE_ANSWER: ANSWER,
      INSTANCE_TOKEN_MS: '100',
      SHUTDOWN_GRACE_SECONDS: '30',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      log += d;
      const m = /ready (\S+)/.exec(log);
      if (m) resolve({ child, url: m[1], log: () => log, exit });
    });
    void exit.then((code) => reject(new Error(`an instance exited (${code}) before it was ready:\n${log}`)));
  });
}

/**
 * Two real Docent processes on one PostgreSQL database: what one instance stores, the other
 * honours — sessions, settings, and the ingest queue both workers drain.
 */
describe.skipIf(!baseUrl)('two Docent instances on one PostgreSQL', () => {
  let a: Instance;
  let b: Instance;
  let scratch: { url: string; drop: () => Promise<void> };
  let cookie = '';

  beforeAll(async () => {
    scratch = await createScratchPostgres(baseUrl!);
    // A migrates first. Its embeddings take 300 ms a request, so 40 documents keep it busy for
    // 12 s: B's worker (polling every 2 s) surely takes a share.
    a = await startInstance(scratch.url, { INSTANCE_EMBED_DELAY_MS: '300' });
    b = await startInstance(scratch.url);
  }, 120_000);
  afterAll(async () => {
    for (const i of [a, b]) i?.child.kill('SIGKILL');
    await scratch?.drop();
  });

  const call = (i: Instance, p: string, init: RequestInit = {}) =>
    fetch(`${i.url}${p}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } });

  it('accepts on B the session made on A', async () => {
    const setup = await call(a, '/api/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery' }),
    });
    expect(setup.status).toBe(201);
    cookie = setup.headers.get('set-cookie')!.split(';')[0];
    const me = await call(b, '/api/auth/me');
    expect(me.status).toBe(200);
    expect((await me.json()).user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
  });

  it('applies on B, at its next request, a setting changed on A', async () => {
    const put = await call(a, '/api/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topK: 9 }) });
    expect(put.status).toBe(200);
    expect((await (await call(b, '/api/settings')).json()).topK).toBe(9);
  });

  it('ingests 40 documents uploaded through A exactly once, with no chunk written twice', async () => {
    const ids: string[] = [];
    const requestOf = new Map<string, string>();
    for (let batch = 0; batch < 4; batch++) {
      const form = new FormData();
      for (let n = 0; n < 10; n++) {
        const i = batch * 10 + n;
        form.append('file', new Blob([`# Note ${i}\n\nHerd ${i} grazes the north meadow on day ${i}.\n`]), `note-${i}.md`);
      }
      const res = await call(a, '/api/documents', { method: 'POST', body: form, headers: { 'x-request-id': `upload-batch-${batch}` } });
      expect(res.status).toBe(202);
      const batchIds = (await res.json()).documents.map((d: { id: string }) => d.id);
      ids.push(...batchIds);
      for (const id of batchIds) requestOf.set(id, `upload-batch-${batch}`);
    }
    expect(new Set(ids).size).toBe(40);

    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      await waitFor(async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM documents WHERE status = 'ready'`);
        return rows[0].n === 40;
      }, 120_000, 'all 40 documents ready');
      const { rows } = await db.query(
        `SELECT d.id, d.chunk_count, d.attempts, count(c.id)::int AS chunks
           FROM documents d LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.id`,
      );
      expect(rows).toHaveLength(40);
      for (const row of rows) {
        expect(row.chunks).toBe(row.chunk_count);
        expect(row.attempts).toBe(1); // claimed once: never taken by both workers
      }
    } finally {
      await db.end();
    }
    // Each document's "ready" line appears once across both instances' logs (LOG_FORMAT=json),
    // carrying the id of the upload request that queued it, whichever instance ingested it.
    const lines = (a.log() + b.log()).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    for (const id of ids) {
      const ready = lines.filter((l) => l.msg.startsWith(`document ${id} ready`));
      expect(ready).toHaveLength(1);
      expect(ready[0].requestId).toBe(requestOf.get(id));
    }
    expect(b.log()).toContain('"requestId":"upload-batch-'); // B ingested some of A's uploads
    expect(a.log()).toContain('"requestId":"upload-batch-');
  }, 180_000);

  it('streams answers through both instances at once, each whole and stored once', async () => {
    const onA = await startAnswer(a.url, cookie, 'Who counts the herd at dusk?');
    const onB = await startAnswer(b.url, cookie, 'Where does the herd go at night?'); // A's session, on B
    // Both have sent their first piece before either is read to the end: they overlap.
    const [fromA, fromB] = await Promise.all([onA.rest(), onB.rest()]);
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      for (const [answer, question] of [
        [fromA, 'Who counts the herd at dusk?'],
        [fromB, 'Where does the herd go at night?'],
      ] as const) {
        expect(answer.text).toBe(ANSWER);
        expect(answer.raw.trim().endsWith('data: [DONE]')).toBe(true);
        expect(await storedChat(db, answer.chatId)).toEqual({
          chats: 1,
          messages: [
            { role: 'user', content: question, finish_reason: null },
            { role: 'assistant', content: ANSWER, finish_reason: 'stop' },
          ],
        });
      }
      expect(fromA.chatId).not.toBe(fromB.chatId);
    } finally {
      await db.end();
    }
  }, 60_000);

  it('lets an instance stopped with SIGTERM mid-answer and mid-document finish its answer and hand the document to another', async () => {
    // C embeds texts naming the handover slowly (8 s), so the SIGTERM lands mid-document, while
    // the question's embedding returns at once and its answer streams.
    const c = await startInstance(scratch.url, { INSTANCE_EMBED_DELAY_MS: '8000', INSTANCE_EMBED_SLOW_ON: 'Handover' });
    // A and B are paused until C has claimed the document, so C is the one holding it.
    for (const i of [a, b]) i.child.kill('SIGSTOP');
    const form = new FormData();
    form.append('file', new Blob(['# Handover\n\nAt the Handover gate the night shift hands the herd to the day shift.\n']), 'handover.md');
    const res = await call(c, '/api/documents', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const id = (await res.json()).documents[0].id as string;
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      const status = async () => (await db.query('SELECT status, attempts FROM documents WHERE id = $1', [id])).rows[0];
      await waitFor(async () => (await status()).status === 'processing', 30_000, 'C to claim the document');
      const answer = await startAnswer(c.url, cookie, 'Who counts the herd at dusk?');
      expect((await status()).status).toBe('processing'); // mid-answer and mid-document
      for (const i of [a, b]) i.child.kill('SIGCONT');
      c.child.kill('SIGTERM');
      const { raw, text, chatId } = await answer.rest();
      expect(text).toBe(ANSWER);
      expect(raw.trim().endsWith('data: [DONE]')).toBe(true);
      expect(await c.exit).toBe(0);
      expect((await storedChat(db, chatId)).messages.map((m) => [m.role, m.content])).toEqual([
        ['user', 'Who counts the herd at dusk?'],
        ['assistant', ANSWER],
      ]);
      await waitFor(async () => (await status()).status === 'ready', 60_000, 'A or B to finish the handed-back document');
      expect((await status()).attempts).toBe(2); // C's claim, then the other instance's
    } finally {
      for (const i of [a, b]) i.child.kill('SIGCONT');
      await db.end();
    }
    expect(c.log()).not.toContain(`document ${id} ready`);
    expect(a.log() + b.log()).toContain(`document ${id} ready`);
  }, 120_000);
});
