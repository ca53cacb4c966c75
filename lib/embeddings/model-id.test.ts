import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEmbeddingModelId, listLocalEmbeddingModels, modelFilesPresent } from './model-id';

const ctx = {
  known: ['Xenova/all-MiniLM-L6-v2'],
  present: (id: string) => id === 'BAAI/bge-small-en-v1.5',
  modelsDir: '/models',
};

describe('checkEmbeddingModelId', () => {
  it.each([
    ['Xenova/all-MiniLM-L6-v2', 'Xenova/all-MiniLM-L6-v2'],
    ['  Xenova/all-MiniLM-L6-v2 ', 'Xenova/all-MiniLM-L6-v2'],
    ['BAAI/bge-small-en-v1.5', 'BAAI/bge-small-en-v1.5'],
    ['openai:text-embedding-3-small', 'openai:text-embedding-3-small'],
    ['openai:nomic-embed-text:v1.5', 'openai:nomic-embed-text:v1.5'],
    ['openai:nomic-ai/nomic-embed-text-v1.5', 'openai:nomic-ai/nomic-embed-text-v1.5'],
  ])('accepts %j', (value, id) => {
    expect(checkEmbeddingModelId(value, ctx)).toEqual({ ok: true, id });
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['nobody/unknown-model', /unknown: it is not in Docent's registry and \/models has no files for it/],
    ['../secrets', /not a model id/],
    ['Xenova/../../etc', /not a model id/],
    ['/etc/passwd', /not a model id/],
    ['a/b/c', /not a model id/],
    ['Xenova/all-MiniLM-L6-v2 --x', /not a model id/],
    ['EMBEDDING_MODEL=x', /not a model id/],
    ['openai:', /not a valid remote embedding model/],
    ['openai:has space', /not a valid remote embedding model/],
    ['openai:../x', /not a valid remote embedding model/],
    ['openai:a\nNODE_OPTIONS=--inspect', /not a valid remote embedding model/],
    ['x'.repeat(201), /longer than 200/],
  ])('refuses %j, saying why', (value, message) => {
    const check = checkEmbeddingModelId(value, ctx);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it('names the choices when it refuses', () => {
    const check = checkEmbeddingModelId('nobody/unknown-model', ctx);
    expect(!check.ok && check.message).toMatch(/Xenova\/all-MiniLM-L6-v2.*\/models.*openai:<model>/);
  });
});

describe('models in MODELS_DIR', () => {
  it('finds owner/name folders holding a config.json, and only those', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-model-ids-'));
    for (const id of ['Xenova/all-MiniLM-L6-v2', 'BAAI/bge-small-en-v1.5']) {
      fs.mkdirSync(path.join(dir, id), { recursive: true });
      fs.writeFileSync(path.join(dir, id, 'config.json'), '{}');
    }
    fs.mkdirSync(path.join(dir, 'empty/model'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.cache/transformers/Hub/cached'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.cache/transformers/Hub/cached/config.json'), '{}');
    fs.writeFileSync(path.join(dir, 'model.gguf'), '');
    expect(listLocalEmbeddingModels(dir)).toEqual(['BAAI/bge-small-en-v1.5', 'Xenova/all-MiniLM-L6-v2']);
    expect(modelFilesPresent(dir, 'BAAI/bge-small-en-v1.5')).toBe(true);
    expect(modelFilesPresent(dir, 'Hub/cached')).toBe(true);
    expect(modelFilesPresent(dir, 'empty/model')).toBe(false);
    expect(listLocalEmbeddingModels(path.join(dir, 'missing'))).toEqual([]);
  });
});
