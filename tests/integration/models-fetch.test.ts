import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, TEST_LLM_FILE } from '@/lib/models/registry';
import { makeTempDir, TEST_MODELS_DIR } from '../helpers/test-env';

/**
 * `npm run models:fetch` on a machine where the default chat model cannot be had (here: no
 * downloads allowed, only the embedder in MODELS_DIR): it fails visibly and names what works.
 */
describe('models:fetch without the Hub', () => {
  it('exits non-zero when the chat model cannot be had, naming the ways that work', () => {
    const modelsDir = makeTempDir();
    fs.cpSync(path.join(TEST_MODELS_DIR, 'Xenova'), path.join(modelsDir, 'Xenova'), { recursive: true });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/models-fetch.ts'], {
      env: { ...process.env, MODELS_DIR: modelsDir, ALLOW_MODEL_DOWNLOADS: 'false' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain(`ready: embedder ${DEFAULT_EMBEDDING_MODEL}`);
    for (const way of ['npm run models:fetch -- --test', `LLM_MODEL=${TEST_LLM_FILE}`, 'set LLM_MODEL to its file name', 'LLM_PROVIDER=openai']) {
      expect(run.stdout).toContain(way);
    }
  });
});
