import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { provisionTestModels } from '../models/test-models';
import { getEmbedder } from './index';
import { measureRawThroughput } from './raw-throughput';
import { loadTransformersEmbedder } from './transformers';
import type { Embedder } from './types';

const MODEL = 'Xenova/all-MiniLM-L6-v2';
let modelsDir: string;
let embedder: Embedder;

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

beforeAll(async () => {
  modelsDir = await provisionTestModels();
  embedder = await loadTransformersEmbedder(MODEL, { modelsDir, allowDownloads: false, batchSize: 4 });
});

describe('the all-MiniLM-L6-v2 embedder', () => {
  it('gives 384-dimensional unit vectors', async () => {
    const [v] = await embedder.embedDocuments(['Docent answers questions about your documents.']);
    expect(embedder.dim).toBe(384);
    expect(v).toHaveLength(384);
    expect(norm(v)).toBeCloseTo(1, 5);
  });

  it('scores a paraphrase above an unrelated sentence', async () => {
    const [query, paraphrase, unrelated] = await embedder.embedDocuments([
      'How do I reset my password?',
      'Steps to change the login password of an account',
      'The Eiffel Tower is located in Paris, France.',
    ]);
    expect(dot(query, paraphrase)).toBeGreaterThan(dot(query, unrelated) + 0.3);
  });

  it('agrees with the sentence-transformers reference on a known pair', async () => {
    // fp32 sentence-transformers gives 0.7553 for this pair; the 8-bit weights give 0.7535.
    const [a, b] = await embedder.embedDocuments(['A man is eating food.', 'A man is eating a piece of bread.']);
    expect(dot(a, b)).toBeCloseTo(0.7553, 2);
  });

  it('returns the same vectors batched as one by one, in input order', async () => {
    const texts = ['short', 'a somewhat longer sentence about ingestion', 'x', 'Paris is the capital of France.', 'ok then', ''];
    const batched = await embedder.embedDocuments(texts);
    for (const [i, text] of texts.entries()) {
      const single = await embedder.embedQuery(text);
      const maxDiff = Math.max(...single.map((x, j) => Math.abs(x - batched[i][j])));
      expect(maxDiff).toBeLessThan(1e-4);
    }
  });

  it('truncates at 256 positions like sentence-transformers: 254 word pieces plus [CLS] and [SEP]', async () => {
    const words = 'the cat sat on a mat and then it ran to the red barn'.split(' ');
    const long = Array.from({ length: 1000 }, (_, i) => words[i % words.length]).join(' ');
    const head = long.split(' ').slice(0, 254).join(' ');
    const longer = long.split(' ').slice(0, 300).join(' ');
    expect(embedder.tokenizer.count(long)).toBe(1000);
    expect(embedder.maxTokens).toBe(254);
    const [full, first, mid] = await embedder.embedDocuments([long, head, longer]);
    expect(dot(full, first)).toBeGreaterThan(0.9999);
    expect(dot(full, mid)).toBeGreaterThan(0.9999);
    const shorter = await embedder.embedQuery(long.split(' ').slice(0, 200).join(' '));
    expect(dot(full, shorter)).toBeLessThan(0.9999);
  });

  it("counts tokens with the model's own WordPiece tokenizer, without special tokens", () => {
    expect(embedder.tokenizer.encode('Hello world, this is Docent!')).toEqual([7592, 2088, 1010, 2023, 2003, 9986, 4765, 999]);
    expect(embedder.tokenizer.count('Hello world, this is Docent!')).toBe(8);
    expect(embedder.tokenizer.count('')).toBe(0);
    expect(embedder.tokenizer.count('unbelievably')).toBeGreaterThan(1);
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(embedder.embedDocuments(['a', 'b'], controller.signal)).rejects.toThrow('client went away');
  });

  it('handles no texts', async () => {
    expect(await embedder.embedDocuments([])).toEqual([]);
  });
});

describe('a missing embedding model', () => {
  it('says which files are missing where, and how to get them', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'docent-empty-models-'));
    const error = await loadTransformersEmbedder(MODEL, { modelsDir: empty, allowDownloads: false }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model_missing', status: 503 });
    expect(error.message).toContain(`The embedding model ${MODEL} is not in ${empty}`);
    expect(error.message).toContain(path.join(empty, MODEL, 'onnx/model_quantized.onnx'));
    expect(error.message).toContain('npm run models:fetch');
    await fs.rm(empty, { recursive: true, force: true });
  });
});

describe('getEmbedder', () => {
  it('loads one embedder per model id per process, shared by concurrent callers', async () => {
    const [a, b] = await Promise.all([getEmbedder(MODEL), getEmbedder(MODEL)]);
    expect(a).toBe(b);
    expect(await getEmbedder(MODEL)).toBe(a);
    const store = (globalThis as Record<symbol, unknown>)[Symbol.for('docent.embedders')] as Map<string, unknown>;
    expect(store.has(MODEL)).toBe(true);
  });
});

describe('measureRawThroughput', () => {
  it('reports texts per second of the bare pipeline', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `sentence number ${i} about documents and questions`);
    const result = await measureRawThroughput(texts, { modelsDir, allowDownloads: false, batchSize: 4 });
    expect(result.texts).toBe(8);
    expect(result.textsPerSecond).toBeGreaterThan(0);
  });
});
