import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getEmbedder, resetEmbedders } from '@/lib/embeddings';
import type { Embedder } from '@/lib/embeddings/types';
import { resetEnvCache } from '@/lib/env';
import { configureTestEnv, makeTempDir } from '@/tests/helpers/test-env';
import { cachedEmbeddings, type RealChunk } from './real-corpus';
import { benchRealRecall } from './real-recall';

// Real sentences about two topics, so the nearest neighbours are not a tie.
const TEXTS = [
  'Zebras live in herds on the African savanna and graze on grass.',
  'A zebra has black and white stripes that may deter biting flies.',
  'Lions hunt zebras and wildebeest at dawn and dusk.',
  'The giraffe is the tallest land animal and eats acacia leaves.',
  'Vitamin D deficiency is linked to weaker bones in older adults.',
  'Calcium and vitamin D supplements reduce fracture risk in some trials.',
  'Statins lower LDL cholesterol and the risk of heart attack.',
  'Regular exercise improves insulin sensitivity in type 2 diabetes.',
  'The Nile is the longest river in Africa and flows into the Mediterranean.',
  'Mount Kilimanjaro is the highest mountain in Africa.',
  'Photosynthesis turns light, water and carbon dioxide into sugar.',
  'Mitochondria produce most of the chemical energy of a cell.',
];
const QUERIES = ['Why do zebras have stripes?', 'Does vitamin D prevent fractures?', 'Which is the highest mountain in Africa?'];

describe('HNSW recall on real embeddings (bench part "real")', () => {
  let embedder: Embedder;
  let dir: string;

  beforeAll(async () => {
    dir = makeTempDir();
    configureTestEnv({ dataDir: dir });
    resetEnvCache();
    resetEmbedders();
    embedder = await getEmbedder('Xenova/all-MiniLM-L6-v2');
  });

  it('caches vectors on disk and resumes an interrupted file instead of starting over', async () => {
    const cache = path.join(dir, 'vectors');
    const first = await cachedEmbeddings(cache, embedder, TEXTS, 'documents', () => undefined, 5);
    expect(first).toHaveLength(5);
    const [file] = fs.readdirSync(cache);
    // Killed mid-write: half a vector at the end is dropped and embedded again.
    fs.appendFileSync(path.join(cache, file), Buffer.alloc(embedder.dim * 2));
    const all = await cachedEmbeddings(cache, embedder, TEXTS, 'documents', () => undefined);
    expect(fs.statSync(path.join(cache, file)).size).toBe(TEXTS.length * embedder.dim * 4);
    const fresh = await embedder.embedDocuments(TEXTS);
    all.forEach((v, i) => {
      const cosine = v.reduce((sum, x, j) => sum + x * fresh[i][j], 0);
      expect(cosine).toBeGreaterThan(0.999);
    });
    expect(Array.from(all[0])).toEqual(Array.from(first[0]));
  });

  it('compares searchChunks against exact kNN, unfiltered and inside the small collection only', async () => {
    // One chunk per document, so "1%" of 12 documents is one document, one row.
    const chunks: RealChunk[] = TEXTS.map((text, i) => ({ document: `test:${i}`, ordinal: 0, text, tokenCount: embedder.tokenizer.count(text) }));
    const vectors = await embedder.embedDocuments(TEXTS);
    const queryVectors = await Promise.all(QUERIES.map((q) => embedder.embedQuery(q)));
    const { cases } = await benchRealRecall({ database: 'pglite', embedder, chunks, vectors, queries: QUERIES, queryVectors, filterShare: 0.01, log: () => undefined });
    expect(cases.map((c) => [c.filter, c.rows, c.queries])).toEqual([
      ['all', 12, 3],
      ['1%', 1, 3],
    ]);
    // 12 rows: the index finds every true neighbour; in the 1% case the one row is all there is.
    expect(cases[0].recallAt10).toBe(1);
    expect(cases[1].recallAt10).toBe(1);
    expect(cases[0].shortResults).toBe(0);
    expect(cases[1].shortResults).toBe(3);
    for (const c of cases) expect(c.hnswMs.n).toBe(3);
  });
});
