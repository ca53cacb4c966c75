import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { ingestScifact, loadScifact, type Scifact, scifactIdOf, scifactSubset } from '@/scripts/lib/scifact';
import * as api from '../helpers/api-client';
import { configureTestEnv, DATASETS_DIR, makeTempDir } from '../helpers/test-env';

/**
 * Why retrieval is hybrid, shown on labelled data: BEIR SciFact test queries with their
 * relevance judgements, over a 100-abstract subset ingested through the real pipeline (the
 * relevant abstracts of the first 60 test queries plus distractors from the corpus).
 * Each case below was found by running every query in every mode on this subset.
 */
let data: Scifact;
const K = 5;

beforeAll(async () => {
  configureTestEnv({ dataDir: makeTempDir() });
  resetEnvCache();
  data = scifactSubset(loadScifact(path.join(DATASETS_DIR, 'retrieval/scifact')), 100, 60);
  await ingestScifact(await getDatabase(), await getEmbeddingContext(), data.docs, 'scifact');
}, 300_000);

afterAll(() => shutdownRuntime());

async function rankOf(query: string, mode: string, relevant: string): Promise<number | null> {
  const { status, body } = await api.search({ query, mode, k: K, collection: 'scifact' });
  expect(status).toBe(200);
  const at = body.results.findIndex((r: { documentName: string }) => scifactIdOf(r.documentName) === relevant);
  return at < 0 ? null : at + 1;
}

function labelled(queryId: string) {
  const query = data.queries.find((q) => q.id === queryId)!;
  expect(query.relevant).toHaveLength(1);
  return { text: query.text, relevant: query.relevant[0] };
}

describe(`retrieval on labelled SciFact queries (top ${K})`, () => {
  it('hybrid finds an abstract by a rare exact term that vector search alone misses', async () => {
    // "CCL19" is a chemokine name MiniLM has no sense of; the abstract mentions it once.
    const { text, relevant } = labelled('198');
    expect(text).toBe('CCL19 is absent within dLNs.');
    expect(await rankOf(text, 'vector', relevant)).toBeNull();
    expect(await rankOf(text, 'keyword', relevant)).not.toBeNull();
    expect(await rankOf(text, 'hybrid', relevant)).not.toBeNull();
  });

  it('vector search finds a paraphrase that keyword search alone misses', async () => {
    // The abstract speaks of nanoparticles and quantum dots, never "0-dimensional biomaterials".
    const { text, relevant } = labelled('1');
    expect(text).toBe('0-dimensional biomaterials show inductive properties.');
    expect(await rankOf(text, 'vector', relevant)).not.toBeNull();
    expect(await rankOf(text, 'keyword', relevant)).toBeNull();
  });
});
