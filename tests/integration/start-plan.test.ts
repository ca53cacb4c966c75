import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { rolesToProvision } from '@/lib/models/start-plan';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import { saveSettings } from '@/lib/settings';
import { useFreshDatabase } from '../helpers/test-env';

/** What `npm start` provisions, and so reports missing: only the models this install uses. */
describe('npm start model plan', () => {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    drop = await useFreshDatabase('pglite');
    for (const name of ['LLM_PROVIDER', 'LLM_MODEL', 'OPENAI_BASE_URL', 'OPENAI_API_KEY']) delete process.env[name];
    resetEnvCache();
  });
  afterAll(async () => {
    await shutdownRuntime();
    await drop?.();
  });

  it('provisions the default chat model only while it is the one configured', async () => {
    const db = await getDatabase();
    expect(await rolesToProvision(db)).toEqual(['embedder', 'llm']);

    process.env.LLM_MODEL = TEST_LLM_FILE;
    resetEnvCache();
    expect(await rolesToProvision(db)).toEqual(['embedder']);
    delete process.env.LLM_MODEL;
    resetEnvCache();

    // The admin's choice in Settings counts as much as the environment.
    await saveSettings(db, { llmModel: 'my-own-model.gguf' });
    expect(await rolesToProvision(db)).toEqual(['embedder']);
    await saveSettings(db, { llmModel: null, llmProvider: 'openai' });
    expect(await rolesToProvision(db)).toEqual(['embedder']);
    await saveSettings(db, { llmProvider: null });
    expect(await rolesToProvision(db)).toEqual(['embedder', 'llm']);
  });
});
