import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as settingsRoute from '@/app/api/settings/route';
import * as statusRoute from '@/app/api/status/route';
import { resetEnvCache } from '@/lib/env';
import { loadOpenAIApiKey } from '@/lib/provider-keys';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import { loadSettings } from '@/lib/settings';
import { configureTestEnv, makeTempDir } from '../helpers/test-env';

/** GET/PUT /api/settings on PGlite: validation, persistence, and the write-only, sealed API key. */
const BASE = 'http://docent.test/api/settings';
const KEY = 'sk-test-abcdefghijklmnop0123456789';
let dataDir: string;

async function put(body: unknown, raw?: string) {
  const response = await settingsRoute.PUT(
    new Request(BASE, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) }),
  );
  return { status: response.status, body: await response.json(), text: '' };
}

async function get() {
  const response = await settingsRoute.GET(new Request("http://docent.test/api/settings"));
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

beforeAll(() => {
  dataDir = makeTempDir();
  configureTestEnv({ dataDir });
  delete process.env.DOCENT_SECRET;
  delete process.env.OPENAI_API_KEY;
  resetEnvCache();
});

afterAll(async () => {
  await shutdownRuntime();
});

describe('settings API', () => {
  it('shows the defaults, with no key set', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ topK: 6, retrievalMode: 'hybrid', llmProvider: null, openaiApiKeySet: false });
    expect(body.embeddingModel).toBe('Xenova/all-MiniLM-L6-v2');
  });

  it('saves changes that the next read sees, and accepts its own GET back', async () => {
    const saved = await put({ topK: 3, systemPrompt: 'Answer in one line.', llmProvider: 'openai', openaiBaseUrl: 'http://127.0.0.1:9/v1' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ topK: 3, llmProvider: 'openai', openaiBaseUrl: 'http://127.0.0.1:9/v1' });
    expect(await loadSettings(await getDatabase())).toMatchObject({ topK: 3, systemPrompt: 'Answer in one line.' });

    const { body } = await get();
    expect((await put({ ...body, temperature: 0.5 })).status).toBe(200);
    expect((await get()).body).toMatchObject({ topK: 3, temperature: 0.5 });
  });

  it('stores the API key sealed, never shows it, and keeps it when the field is left blank', async () => {
    expect((await put({ openaiApiKey: KEY })).body.openaiApiKeySet).toBe(true);
    const { text, body } = await get();
    expect(text).not.toContain(KEY);
    expect(body).toMatchObject({ openaiApiKeySet: true, openaiApiKeyReadable: true });

    const db = await getDatabase();
    const rows = await db.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'openaiApiKey'");
    expect(JSON.stringify(rows.rows[0].value)).not.toContain('abcdefghijklmnop');
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(await loadOpenAIApiKey(db)).toBe(KEY);

    expect((await put({ openaiApiKey: '', topK: 4 })).status).toBe(200);
    expect(await loadOpenAIApiKey(db)).toBe(KEY);
  });

  it('fails closed when the stored key was tampered with', async () => {
    const db = await getDatabase();
    const { rows } = await db.query<{ value: { data: string } }>("SELECT value FROM settings WHERE key = 'openaiApiKey'");
    const tampered = { ...rows[0].value, data: Buffer.from('sk-evil').toString('base64') };
    await db.query("UPDATE settings SET value = $1::jsonb WHERE key = 'openaiApiKey'", [JSON.stringify(tampered)]);
    await expect(loadOpenAIApiKey(db)).rejects.toMatchObject({ code: 'secret_unreadable' });
    expect((await get()).body).toMatchObject({ openaiApiKeySet: true, openaiApiKeyReadable: false });
  });

  it('clears the key', async () => {
    expect((await put({ openaiApiKey: null })).body.openaiApiKeySet).toBe(false);
    expect(await loadOpenAIApiKey(await getDatabase())).toBeUndefined();
  });

  it.each([
    ['unknown keys', { topK: 5, NODE_OPTIONS: '--require x' }],
    ['a newline in a one-line field', { llmModel: 'a.gguf\nNODE_OPTIONS=--require /tmp/x.js' }],
    ['an environment assignment', { llmModel: 'NODE_OPTIONS=--inspect' }],
    ['a megabyte string', { systemPrompt: 'x'.repeat(1024 * 1024) }],
    ['overlap not below chunk size', { chunkTokens: 64, chunkOverlap: 64 }],
    ['an array body', [1, 2]],
  ])('answers 400 to %s and stores nothing', async (_what, body) => {
    const before = await get();
    const { status, body: answer } = await put(body);
    expect(status).toBe(400);
    expect(answer.error.code).toMatch(/^[a-z_]+$/);
    expect(typeof answer.error.message).toBe('string');
    expect((await get()).text).toBe(before.text);
  });

  it("refuses chunk settings the embedder's limit would break, naming the limit, and shows the limit", async () => {
    const before = await get();
    expect(before.body.chunkLimit).toEqual({ tokens: 254, model: 'Xenova/all-MiniLM-L6-v2' });
    const { status, body } = await put({ chunkTokens: 600, chunkOverlap: 300 });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_settings');
    expect(body.error.message).toContain('at most 254 tokens');
    expect(body.error.message).toContain('below 254');
    expect((await get()).text).toBe(before.text);
    // The same chunk size with an overlap that fits is fine: chunks are cut to 254, overlap 200 stays below.
    expect((await put({ chunkTokens: 600, chunkOverlap: 200 })).status).toBe(200);
    expect((await put({ chunkTokens: null, chunkOverlap: null })).status).toBe(200);
  });

  it('answers 400 to malformed JSON', async () => {
    expect((await put(undefined, '{"topK": ')).status).toBe(400);
  });

  it('reports database size, counts and memory', async () => {
    const body = await (await statusRoute.GET(new Request("http://docent.test/api/status"))).json();
    expect(body.database.kind).toBe('pglite');
    expect(body.databaseBytes).toBeGreaterThan(0);
    expect(body.documents.total).toBe(0);
    expect(body.memory.rssBytes).toBeGreaterThan(0);
  });
});
