import { createHash } from 'node:crypto';
import { searchChunksByVector, type ChunkFilter, type NewChunk } from '@/db/queries/chunks';
import { getOrCreateCollection } from '@/db/queries/collections';
import { ensureEmbeddingSpace, type EmbeddingSpace } from '@/db/queries/embedding-models';
import type { Database } from '@/db';
import { replaceDocumentChunks } from '@/db/queries/chunks';
import type { Embedder } from '@/lib/embeddings';
import { searchChunks } from '@/lib/search/search';
import { loadSettings } from '@/lib/settings';
import { openScratchDatabase, type DatabaseChoice } from '../scratch-database';
import type { RealChunk } from './real-corpus';
import { buildSearchIndexes, dropSearchIndex } from './search-fixture';
import { summarise, type LatencySummary } from './stats';

export interface RealRecallCase {
  database: DatabaseChoice;
  /** `all`: every chunk visible; `1%`: a collection holding ~1% of the rows, searched by name. */
  filter: 'all' | '1%';
  /** Rows the search may return (the whole table, or the filtered collection's). */
  rows: number;
  queries: number;
  recallAt10: number;
  /** Queries whose HNSW top 10 held fewer than 10 rows (the code then falls back to exact). */
  shortResults: number;
  /** searchChunks, vector mode, k = 10, the query's vector precomputed: what ships, SQL included. */
  hnswMs: LatencySummary;
  /** The same filter with the index scan disabled: exact kNN by sequential scan + sort. */
  exactMs: LatencySummary;
}

export interface RealRecallOptions {
  database: DatabaseChoice;
  embedder: Embedder;
  chunks: RealChunk[];
  vectors: Float32Array[];
  queries: string[];
  queryVectors: Float32Array[];
  /** Share of documents put in the filtered collection (0.01). */
  filterShare: number;
  log: (line: string) => void;
}

const K = 10;
const FILTERED = 'one-percent';

/**
 * The embedder searchChunks sees: the real model, with the queries' vectors computed once
 * (and cached on disk) so the timed part is the search alone, not ~10 ms of embedding each time.
 */
function precomputedQueries(embedder: Embedder, queries: string[], vectors: Float32Array[]): Embedder {
  const byText = new Map(queries.map((q, i) => [q, vectors[i]]));
  return {
    model: embedder.model,
    dim: embedder.dim,
    maxTokens: embedder.maxTokens,
    tokenizer: embedder.tokenizer,
    embedDocuments: (texts, signal) => embedder.embedDocuments(texts, signal),
    embedQuery: async (text, signal) => byText.get(text) ?? embedder.embedQuery(text, signal),
  };
}

/** Documents in the filtered collection: the first `share` of them by a hash of their key, spread over both corpora. */
function filteredDocuments(chunks: RealChunk[], share: number): Set<string> {
  const documents = [...new Set(chunks.map((c) => c.document))];
  const order = (d: string) => createHash('sha256').update(d).digest('hex');
  const sorted = documents.sort((a, b) => order(a).localeCompare(order(b)));
  return new Set(sorted.slice(0, Math.max(1, Math.round(documents.length * share))));
}

async function loadChunks(db: Database, space: EmbeddingSpace, opts: RealRecallOptions, filtered: Set<string>) {
  const main = await getOrCreateCollection(db, null, 'bench');
  const small = await getOrCreateCollection(db, null, FILTERED);
  await dropSearchIndex(db, space);
  const started = performance.now();
  let i = 0;
  while (i < opts.chunks.length) {
    const document = opts.chunks[i].document;
    const rows: NewChunk[] = [];
    for (; i < opts.chunks.length && opts.chunks[i].document === document; i++) {
      const c = opts.chunks[i];
      rows.push({ ordinal: c.ordinal, text: c.text, tokenCount: c.tokenCount, page: null, headingPath: [], embedding: opts.vectors[i] });
    }
    const { rows: [doc] } = await db.query<{ id: string }>(
      `INSERT INTO documents (collection_id, name, mime_type, bytes, sha256, status, progress, chunk_count)
       VALUES ($1, $2, 'text/plain', 0, $3, 'ready', 1, $4) RETURNING id`,
      [filtered.has(document) ? small : main, `${document}.txt`, createHash('sha256').update(document).digest('hex'), rows.length],
    );
    await replaceDocumentChunks(db, doc.id, space, rows);
  }
  const insertSeconds = (performance.now() - started) / 1000;
  const indexSeconds = await buildSearchIndexes(db, space);
  return { insertSeconds, indexSeconds, smallId: small };
}

/**
 * HNSW recall@10 on real MiniLM embeddings of real text, against exact kNN over the same rows,
 * on one database: every chunk visible, then only a collection holding ~1% of them. The HNSW
 * side is searchChunks itself (vector mode, the shipped ef_search and iterative scan, its exact
 * fallback when short); the exact side is the same SQL with index scans disabled.
 */
export async function benchRealRecall(opts: RealRecallOptions): Promise<{ cases: RealRecallCase[]; insertSeconds: number; indexSeconds: number }> {
  const { db, dispose } = await openScratchDatabase(opts.database, 'bench');
  try {
    const space = await ensureEmbeddingSpace(db, opts.embedder.model, opts.embedder.dim);
    const filtered = filteredDocuments(opts.chunks, opts.filterShare);
    const loaded = await loadChunks(db, space, opts, filtered);
    opts.log(`  ${opts.database}: ${opts.chunks.length} real chunks loaded in ${loaded.insertSeconds.toFixed(0)} s, HNSW built in ${loaded.indexSeconds.toFixed(0)} s`);
    const settings = await loadSettings(db);
    const embedding = { embedder: precomputedQueries(opts.embedder, opts.queries, opts.queryVectors), space };
    const cases: RealRecallCase[] = [];
    for (const filter of ['all', '1%'] as const) {
      const collection = filter === 'all' ? undefined : FILTERED;
      const exactFilter: ChunkFilter = { space, viewerId: null, collectionId: filter === 'all' ? null : loaded.smallId, limit: K };
      const rows = filter === 'all' ? opts.chunks.length : opts.chunks.filter((c) => filtered.has(c.document)).length;
      const hnswTimes: number[] = [];
      const exactTimes: number[] = [];
      let found = 0;
      let wanted = 0;
      let short = 0;
      const search = (query: string) => searchChunks(db, embedding, settings, { query, k: K, mode: 'vector', viewerId: null, collection });
      for (const query of opts.queries.slice(0, 5)) await search(query); // warm caches and the plan
      for (const [i, query] of opts.queries.entries()) {
        let started = performance.now();
        const hits = await search(query);
        hnswTimes.push(performance.now() - started);
        started = performance.now();
        const exact = await db.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_indexscan = off');
          return searchChunksByVector(tx, opts.queryVectors[i], exactFilter);
        });
        exactTimes.push(performance.now() - started);
        const want = new Set(exact.map((h) => h.chunkId));
        wanted += want.size;
        found += hits.filter((h) => want.has(h.chunkId)).length;
        if (hits.length < K) short++;
      }
      const result: RealRecallCase = {
        database: opts.database,
        filter,
        rows,
        queries: opts.queries.length,
        recallAt10: found / wanted,
        shortResults: short,
        hnswMs: summarise(hnswTimes),
        exactMs: summarise(exactTimes),
      };
      opts.log(
        `    ${filter}: ${rows} rows, recall@10 ${result.recallAt10.toFixed(3)}, HNSW p50/p95 ${result.hnswMs.p50.toFixed(1)}/${result.hnswMs.p95.toFixed(1)} ms, ` +
          `exact ${result.exactMs.p50.toFixed(1)}/${result.exactMs.p95.toFixed(1)} ms`,
      );
      cases.push(result);
    }
    return { cases, ...loaded };
  } finally {
    await dispose();
  }
}
