import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LLM_FILE, DEFAULT_LLM_URI } from '../../models/registry';
import { describeLocalModel, ensureLocalModelFile } from './local-model-file';

const modelsDir = path.resolve('/srv/docent/models');

describe('describeLocalModel', () => {
  it('reads a file name in MODELS_DIR, an absolute path and an hf: URI', () => {
    expect(describeLocalModel('tiny.gguf', modelsDir)).toEqual({ id: 'tiny.gguf', path: path.join(modelsDir, 'tiny.gguf'), uri: null });
    expect(describeLocalModel('/opt/llm/big.gguf', modelsDir)).toEqual({ id: 'big.gguf', path: '/opt/llm/big.gguf', uri: null });
    expect(describeLocalModel('hf:owner/repo/file-Q4.gguf', modelsDir)).toEqual({
      id: 'file-Q4.gguf',
      path: path.join(modelsDir, 'file-Q4.gguf'),
      uri: 'hf:owner/repo/file-Q4.gguf',
    });
    expect(describeLocalModel('hf:owner/repo:Q4_K_M', modelsDir).path).toBeNull();
  });

  it('knows where the default model comes from', () => {
    expect(describeLocalModel(DEFAULT_LLM_FILE, modelsDir).uri).toBe(DEFAULT_LLM_URI);
  });
});

describe('ensureLocalModelFile', () => {
  it('answers a missing model with 503 model_not_ready saying how to get one', async () => {
    const ref = describeLocalModel(DEFAULT_LLM_FILE, modelsDir);
    const error = await ensureLocalModelFile(ref, modelsDir, false).catch((e) => e);
    expect(error).toMatchObject({ code: 'model_not_ready', status: 503 });
    for (const hint of ['npm run models:fetch', 'LLM_MODEL', 'LLM_PROVIDER=openai', 'ALLOW_MODEL_DOWNLOADS is false']) {
      expect(error.message).toContain(hint);
    }
  });
});
