import { beforeAll, describe, expect, it } from 'vitest';
import { provisionTestModels } from '../models/test-models';
import { BGE_SMALL_MODEL, EMBEDDERS } from '../models/registry';
import { loadExtractor, loadTransformersEmbedder } from './transformers';
import type { Embedder } from './types';

let modelsDir: string;
let embedder: Embedder;
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const PREFIX = 'Represent this sentence for searching relevant passages: ';

beforeAll(async () => {
  modelsDir = await provisionTestModels();
  embedder = await loadTransformersEmbedder(BGE_SMALL_MODEL, { modelsDir, allowDownloads: false, batchSize: 4 });
});

describe('the bge-small-en-v1.5 embedder (int8, from its Maven jar)', () => {
  it('keeps its pooling and query instruction in the registry, not in search code', () => {
    expect(EMBEDDERS[BGE_SMALL_MODEL]).toMatchObject({ dim: 384, pooling: 'cls', queryPrefix: PREFIX });
    expect(embedder.dim).toBe(384);
    expect(embedder.maxTokens).toBe(510);
  });

  it('pools the [CLS] vector, as transformers.js own CLS pooling does', async () => {
    const texts = ['Paris is the capital of France.', 'A much longer sentence, so the batch is padded around the short one.'];
    const extractor = await loadExtractor(BGE_SMALL_MODEL, { modelsDir, allowDownloads: false });
    // One text per call on both sides: int8 activations are quantised per batch, so batch-mates
    // (and how each side batches them) would shift the vectors a little.
    for (const text of texts) {
      const [ours] = await embedder.embedDocuments([text]);
      const reference = (await extractor([text], { pooling: 'cls', normalize: true })).data as Float32Array;
      expect(dot(ours, reference)).toBeGreaterThan(0.9999);
    }
  });

  it('puts the instruction before queries only', async () => {
    const text = 'what is the capital of france';
    // One text per call: int8 activations are quantised per batch, so batch-mates shift a vector a little.
    const [bare] = await embedder.embedDocuments([text]);
    const [prefixed] = await embedder.embedDocuments([PREFIX + text]);
    const query = await embedder.embedQuery(text);
    expect(dot(query, prefixed)).toBeGreaterThan(0.9999);
    expect(dot(query, bare)).toBeLessThan(0.99);
  });

  it('ranks the passage that answers a query first', async () => {
    const passages = await embedder.embedDocuments([
      'Bananas are a yellow fruit rich in potassium.',
      'Paris is the capital and largest city of France.',
      'The stock market fell sharply on Tuesday.',
    ]);
    const query = await embedder.embedQuery('which city is the capital of France?');
    const scores = passages.map((p) => dot(query, p));
    expect(scores.indexOf(Math.max(...scores))).toBe(1);
  });
});
