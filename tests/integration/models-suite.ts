import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collectionAdapterRoute from '@/app/api/collections/[name]/adapter/route';
import * as activeModelRoute from '@/app/api/models/active/route';
import * as modelsRoute from '@/app/api/models/route';
import * as tryRoute from '@/app/api/models/try/route';
import { getChatModelChoices, getCollectionAdapter, getLatestAnswerGeneration } from '@/db/queries/model-choices';
import { getVisibleCollectionId } from '@/db/queries/collections';
import { localEngineStats } from '@/lib/chat/providers/local';
import { resetEnvCache } from '@/lib/env';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { provisionTestModels } from '@/lib/models/test-models';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { call } from '../helpers/as-caller';
import * as chat from '../helpers/chat-client';
import { writeTestLora } from '../helpers/lora-gguf';
import { makeTempDir, useFreshDatabase } from '../helpers/test-env';

/**
 * The model layer with the real test GGUF (SmolLM2 135M) and real LoRA adapters written in
 * set-up: the library's header facts and memory fit, uploads, switching the active model, and
 * adapters that change answers without a second load of the base. Run on PGlite and PostgreSQL.
 */
const OTHER = 'SmolLM2-135M-Instruct.Other.Q4_1.gguf';
const ZEBRAS = 'Zebras eat clover at dawn on the savanna. The quokka-7731 protocol says zebras sleep standing up. Lions hunt at night.';

export function defineModelsSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let drop: () => Promise<void>;
  let modelsDir: string;

  beforeAll(async () => {
    const testModels = await provisionTestModels();
    drop = await useFreshDatabase(kind, baseUrl);
    // A library of our own: the test LLM twice (hard links: two "models", no copy of the bytes),
    // the embedder beside them, and adapters in loras/.
    modelsDir = makeTempDir('docent-models-');
    fs.linkSync(path.join(testModels, TEST_LLM_FILE), path.join(modelsDir, TEST_LLM_FILE));
    fs.linkSync(path.join(testModels, TEST_LLM_FILE), path.join(modelsDir, OTHER));
    fs.symlinkSync(path.join(testModels, 'Xenova'), path.join(modelsDir, 'Xenova'));
    await writeTestLora(path.join(modelsDir, 'loras'), 'happy.gguf');
    await writeTestLora(path.join(modelsDir, 'loras'), 'wide.gguf', { targets: { 'blk.0.attn_q.weight': [2048, 2048] } });
    await writeTestLora(path.join(modelsDir, 'loras'), 'qwen.gguf', { architecture: 'qwen2' });
    fs.writeFileSync(path.join(modelsDir, 'notes.gguf'), 'not a model at all');
    process.env.MODELS_DIR = modelsDir;
    process.env.LLM_PROVIDER = 'local';
    process.env.LLM_MODEL = TEST_LLM_FILE;
    resetEnvCache();
    const { body } = await api.upload([{ name: 'zebras.txt', content: ZEBRAS }], 'zoo');
    expect((await api.waitForIngestion(body.documents[0].id)).status).toBe('ready');
  });

  afterAll(async () => {
    delete process.env.LLM_PROVIDER;
    delete process.env.LLM_MODEL;
    resetEnvCache();
    await shutdownRuntime();
    await drop?.();
  });

  // Kept as chats (OpenAI's store), so each answer's stored generation can be read back.
  const ask = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content }], collection: 'zoo', temperature: 0, max_tokens: 24, store: true, ...extra });

  describe(`the model library on ${kind}`, () => {
    it("lists every GGUF with its header facts and a memory verdict, and reports what it cannot read", async () => {
      const { status, body } = await call(modelsRoute.GET, 'GET', '/api/models');
      expect(status).toBe(200);
      expect(body.models.map((m: { file: string }) => m.file)).toEqual([OTHER, TEST_LLM_FILE]);
      const active = body.models.find((m: { file: string }) => m.file === TEST_LLM_FILE);
      expect(active).toMatchObject({ architecture: 'llama', quantization: 'Q4_1', contextLength: 8192, bytes: fs.statSync(path.join(modelsDir, TEST_LLM_FILE)).size, chatTemplate: true, active: true, tiny: true, family: 'SmolLM2-135M-Instruct' });
      expect(active.parameters).toBeGreaterThan(100e6);
      expect(active.parameters).toBeLessThan(200e6);
      // Weights (~97 MB) plus KV cache at 4,096 tokens: more than the file, less than a gigabyte.
      expect(active.memory.required).toBeGreaterThan(active.bytes);
      expect(active.memory.required).toBeLessThan(1e9);
      expect(active.memory).toMatchObject({ fits: true, on: 'cpu' });
      expect(body.models.find((m: { file: string }) => m.file === OTHER).active).toBe(false);
      expect(body.errors).toEqual([{ file: 'notes.gguf', error: expect.stringContaining('Not a readable GGUF') }]);
    });

    it('checks each adapter against the active model, naming both when they do not fit', async () => {
      const { body } = await call(modelsRoute.GET, 'GET', '/api/models');
      const byFile = Object.fromEntries(body.adapters.map((a: { file: string }) => [a.file, a]));
      expect(byFile['happy.gguf']).toMatchObject({ compatible: true, architecture: 'llama', rank: 8, tensors: 60, reason: null });
      expect(byFile['wide.gguf'].compatible).toBe(false);
      expect(byFile['wide.gguf'].reason).toContain('wide.gguf');
      expect(byFile['wide.gguf'].reason).toContain(TEST_LLM_FILE);
      expect(byFile['qwen.gguf'].reason).toMatch(/qwen2 architecture/);

      const refused = await chat.completion(ask('What do zebras eat?', { adapter: { name: 'qwen', scale: 1 } }));
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('adapter_incompatible');
      expect(refused.body.error.message).toContain('qwen.gguf');
      expect((await chat.completion(ask('Hi', { adapter: { name: 'missing' } }))).status).toBe(404);
      expect((await chat.completion(ask('Hi', { adapter: { name: '../SmolLM2' } }))).status).toBe(400);
    });

    it('refuses an upload that is not a GGUF with 415, storing nothing', async () => {
      const before = fs.readdirSync(modelsDir).sort();
      const form = new FormData();
      form.append('file', new Blob(['<html>not a model</html>']), 'sneaky.gguf');
      const html = await call(modelsRoute.POST, 'POST', '/api/models', { form });
      expect(html.status).toBe(415);
      expect(html.body.error.code).toBe('unsupported_type');
      const named = new FormData();
      named.append('file', new Blob([fs.readFileSync(path.join(modelsDir, 'loras', 'happy.gguf'))]), 'model.bin');
      expect((await call(modelsRoute.POST, 'POST', '/api/models', { form: named })).status).toBe(415);
      const text = await modelsRoute.POST(new Request('http://localhost/api/models', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'GGUF' }));
      expect(text.status).toBe(415);
      expect((await call(modelsRoute.POST, 'POST', '/api/models', { body: { file: 'x' } })).status).toBe(400);
      // ALLOW_MODEL_DOWNLOADS=false in tests: an hf: URI is refused before anything is fetched.
      const download = await call(modelsRoute.POST, 'POST', '/api/models', { body: { uri: 'hf:owner/repo/model.Q4_K_M.gguf' } });
      expect(download.status).toBe(403);
      expect(download.body.error.code).toBe('downloads_disabled');
      expect(fs.readdirSync(modelsDir).sort()).toEqual(before);
    });

    it('stores an uploaded adapter in loras/ and never overwrites a file of the same name', async () => {
      const form = () => {
        const f = new FormData();
        f.append('file', new Blob([fs.readFileSync(path.join(modelsDir, 'loras', 'happy.gguf'))]), 'uploaded happy.gguf');
        return f;
      };
      const added = await call(modelsRoute.POST, 'POST', '/api/models', { form: form() });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ kind: 'adapter', file: 'uploaded_happy.gguf', architecture: 'llama' });
      expect(fs.existsSync(path.join(modelsDir, 'loras', 'uploaded_happy.gguf'))).toBe(true);
      const again = await call(modelsRoute.POST, 'POST', '/api/models', { form: form() });
      expect(again.status).toBe(409);
      expect(fs.readdirSync(modelsDir).filter((f) => f.endsWith('.part'))).toEqual([]);
    });

    it('changes the answer with an adapter and gives the base answer again without it, on one load of the base', async () => {
      const base = await chat.completion(ask('What do zebras eat?'));
      expect(base.status).toBe(200);
      const loads = localEngineStats().loads;
      const adapted = await chat.completion(ask('What do zebras eat?', { adapter: { name: 'happy', scale: 1 } }));
      const again = await chat.completion(ask('What do zebras eat?'));
      const adaptedAgain = await chat.completion(ask('What do zebras eat?', { adapter: { name: 'happy.gguf', scale: 1 } }));
      const baseText = base.body.choices[0].message.content;
      expect(adapted.body.choices[0].message.content).not.toBe(baseText);
      expect(again.body.choices[0].message.content).toBe(baseText);
      expect(adaptedAgain.body.choices[0].message.content).toBe(adapted.body.choices[0].message.content);
      expect(localEngineStats().loads).toBe(loads);

      // The stored answer says which adapter wrote it, and the chat keeps the choice for follow-ups.
      const db = await getDatabase();
      expect(await getLatestAnswerGeneration(db, adapted.body.chat_id)).toEqual({ model: TEST_LLM_FILE, answerMode: 'generate', adapter: { file: 'happy.gguf', scale: 1 } });
      expect((await getChatModelChoices(db, adapted.body.chat_id)).adapter).toEqual({ name: 'happy', scale: 1 });
      const followUp = await chat.completion({ ...ask('What do zebras eat?'), chat_id: adapted.body.chat_id });
      expect((await getLatestAnswerGeneration(db, followUp.body.chat_id))?.adapter).toEqual({ file: 'happy.gguf', scale: 1 });
    });

    it("uses a collection's default adapter when the chat chooses none", async () => {
      const db = await getDatabase();
      const setDefault = (adapter: unknown) => call(collectionAdapterRoute.PUT, 'PUT', '/api/collections/zoo/adapter', { body: { adapter }, params: { name: 'zoo' } });
      expect((await setDefault({ name: 'qwen' })).status).toBe(422);
      expect((await call(collectionAdapterRoute.PUT, 'PUT', '/api/collections/nope/adapter', { body: { adapter: null }, params: { name: 'nope' } })).status).toBe(404);
      expect((await setDefault({ name: 'happy', scale: 0.5 })).status).toBe(204);
      try {
        const answer = await chat.completion(ask('What do zebras eat?'));
        expect((await getLatestAnswerGeneration(db, answer.body.chat_id))?.adapter).toEqual({ file: 'happy.gguf', scale: 0.5 });
        const none = await chat.completion(ask('What do zebras eat?', { adapter: null }));
        expect((await getLatestAnswerGeneration(db, none.body.chat_id))?.adapter).toBeNull();
      } finally {
        expect((await setDefault(null)).status).toBe(204);
      }
      const zoo = (await getVisibleCollectionId(db, null, 'zoo'))!;
      expect(await getCollectionAdapter(db, zoo)).toBeNull();
    });

    it('answers by quoting the sources, cited, without generating', async () => {
      const { status, body } = await chat.completion(ask('What do zebras eat at dawn?', { answer_mode: 'quotes' }));
      expect(status).toBe(200);
      expect(body.model).toBe('quotes');
      expect(body.choices[0].message.content).toBe('Zebras eat clover at dawn on the savanna. [1]');
      expect((await getLatestAnswerGeneration(await getDatabase(), body.chat_id))).toMatchObject({ answerMode: 'quotes', adapter: null });
    });

    it('tries a model: prefill and generation speed on this machine, one trial at a time', async () => {
      const tried = await call(tryRoute.POST, 'POST', '/api/models/try', { body: { file: OTHER } });
      expect(tried.status).toBe(200);
      expect(tried.body).toMatchObject({ file: OTHER, promptTokens: expect.any(Number), generatedTokens: expect.any(Number) });
      expect(tried.body.promptTokens).toBeGreaterThan(50);
      expect(tried.body.generatedTokens).toBeGreaterThan(0);
      expect(tried.body.prefillTokensPerSecond).toBeGreaterThan(0);
      expect(tried.body.generationTokensPerSecond).toBeGreaterThan(0);
      expect((await call(tryRoute.POST, 'POST', '/api/models/try', { body: { file: 'happy.gguf' } })).status).toBe(404);
    });

    it('switches the active model while an answer streams: that answer finishes on the old model, which is then freed', async () => {
      const before = localEngineStats();
      const streaming = await chat.postCompletion(ask('Tell me about zebras.', { stream: true, max_tokens: 48 }));
      const reader = chat.readEvents(streaming);
      const switched = await call(activeModelRoute.PUT, 'PUT', '/api/models/active', { body: { file: OTHER } });
      expect(switched.status).toBe(200);
      expect(switched.body.model).toMatchObject({ file: OTHER, active: true });
      const next = await chat.completion(ask('What do zebras eat?'));
      expect(next.body.model).toBe(OTHER);
      const { events, done } = await reader;
      expect(done).toBe(true);
      expect(events[0].model).toBe(TEST_LLM_FILE);
      expect(events.map((e) => e.choices?.[0]?.delta?.content ?? '').join('').length).toBeGreaterThan(0);
      await expect.poll(() => localEngineStats().unloads, { timeout: 10_000 }).toBe(before.unloads + 1);
      expect(localEngineStats().loads).toBe(before.loads + 1);

      const listed = await call(modelsRoute.GET, 'GET', '/api/models');
      expect(listed.body.models.filter((m: { active: boolean }) => m.active).map((m: { file: string }) => m.file)).toEqual([OTHER]);
      expect((await call(activeModelRoute.PUT, 'PUT', '/api/models/active', { body: { file: 'nope.gguf' } })).status).toBe(404);
      expect((await call(activeModelRoute.PUT, 'PUT', '/api/models/active', { body: { file: '../etc/passwd.gguf' } })).status).toBe(422);
      expect((await call(activeModelRoute.PUT, 'PUT', '/api/models/active', { body: { file: 'notes.gguf' } })).status).toBe(422);
    });
  });
}
