import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS_DIR } from '../../tests/helpers/test-env';
import { loadTransformersEmbedder } from '../embeddings/transformers';
import type { Embedder } from '../embeddings/types';
import { BGE_SMALL_MODEL, EMBEDDERS, MINILM_MODEL } from '../models/registry';
import { provisionTestModels } from '../models/test-models';
import { analyseCitations, checkCitations, DEFAULT_SUPPORT_SIMILARITY, supportSimilarityFor } from './trace-citations';

/**
 * The citation check cuts at the active embedder's own threshold (issue 15): bge-small scores
 * unrelated text far higher than MiniLM does, so one constant either passes bge's unrelated pairs
 * or fails MiniLM's paraphrases. Real models, and a pair from SciFact nobody here wrote: a claim
 * about antibiotics and C. difficile cited to an abstract about prions in appendixes.
 */
const CLAIM = 'Antibiotic induced alterations in the gut microbiome reduce resistance against Clostridium difficile';
const UNRELATED_ID = '13734012'; // "Prevalent abnormal prion protein in human appendixes after BSE epizootic"
const SUPPORTING_ID = '6372244'; // "Antibiotic-induced shifts in the mouse gut microbiome … increase susceptibility to C. difficile infection"

let embedders: Record<string, Embedder>;
let abstracts: Map<string, string>;

beforeAll(async () => {
  const modelsDir = await provisionTestModels();
  embedders = Object.fromEntries(
    await Promise.all([MINILM_MODEL, BGE_SMALL_MODEL].map(async (m) => [m, await loadTransformersEmbedder(m, { modelsDir, allowDownloads: false })] as const)),
  );
  const wanted = new Set([UNRELATED_ID, SUPPORTING_ID]);
  abstracts = new Map();
  for (const line of fs.readFileSync(path.join(DATASETS_DIR, 'retrieval/scifact/corpus.jsonl'), 'utf8').split('\n')) {
    if (!line.includes('"_id": "')) continue;
    const doc = JSON.parse(line) as { _id: string; title: string; text: string };
    if (wanted.has(doc._id)) abstracts.set(doc._id, `${doc.title} ${doc.text}`);
  }
}, 300_000);

const check = (embedder: Embedder, sourceId: string) =>
  checkCitations(analyseCitations(`${CLAIM} [1].`, [1]), () => abstracts.get(sourceId), embedder).then((c) => c.cited[0]);

describe('the citation check threshold per embedder', () => {
  it('lives in the model registry, calibrated per model; unknown embedders keep the old value', () => {
    expect(supportSimilarityFor(MINILM_MODEL)).toBe(EMBEDDERS[MINILM_MODEL].supportSimilarity);
    expect(supportSimilarityFor(BGE_SMALL_MODEL)).toBe(EMBEDDERS[BGE_SMALL_MODEL].supportSimilarity);
    expect(supportSimilarityFor(BGE_SMALL_MODEL)).toBeGreaterThan(supportSimilarityFor(MINILM_MODEL));
    expect(supportSimilarityFor('openai:text-embedding-3-small')).toBe(DEFAULT_SUPPORT_SIMILARITY);
  });

  it('rejects with bge a citation to an unrelated abstract that MiniLM\'s cut (and the old single one) would pass', async () => {
    const cited = await check(embedders[BGE_SMALL_MODEL], UNRELATED_ID);
    expect(cited.overlap).toBeLessThan(0.6); // decided by the embedding, not the word overlap
    expect(cited.similarity).toBeGreaterThanOrEqual(supportSimilarityFor(MINILM_MODEL));
    expect(cited.similarity).toBeGreaterThanOrEqual(DEFAULT_SUPPORT_SIMILARITY);
    expect(cited.supported).toBe(false);
    // MiniLM puts the same pair far below its own cut.
    expect(await check(embedders[MINILM_MODEL], UNRELATED_ID)).toMatchObject({ supported: false });
  });

  it('accepts with either model the citation to the abstract its annotators marked as support', async () => {
    for (const embedder of Object.values(embedders)) {
      const cited = await check(embedder, SUPPORTING_ID);
      expect(cited.similarity).toBeGreaterThanOrEqual(supportSimilarityFor(embedder.model));
      expect(cited.supported).toBe(true);
    }
  });
});
