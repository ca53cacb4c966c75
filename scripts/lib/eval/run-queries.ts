import type { Database } from '@/db';
import type { EmbeddingContext } from '@/lib/runtime';
import { searchChunks } from '@/lib/search/search';
import type { RetrievalMode, Settings } from '@/lib/settings';
import { rankDocuments } from '@/lib/evaluate/retrieval-metrics';

export interface QueryRun {
  /** Query id → dataset document ids, best first, at least `depth` of them when there are. */
  run: Map<string, string[]>;
  /** Wall time of the searchChunks call that produced each ranking, in ms. */
  latenciesMs: number[];
  /** Queries left with fewer than `depth` documents because k hit the mode's limit. */
  shortQueries: number;
  /** Query id → the dataset ids of each of the first CHUNK_PREFIX chunks, in order. */
  chunkRun: Map<string, string[][]>;
}

export const CHUNK_PREFIX = 20;

export interface RunQueriesOptions {
  mode: RetrievalMode;
  settings: Settings;
  /** Hybrid: candidates per retriever as a multiple of k (searchChunks' default when unset). */
  candidateFactor?: number;
  /** Distinct documents wanted per query (100 for recall@100). */
  depth: number;
  /** Chunks fetched per wanted document at first; doubled while a query comes up short. */
  chunksPerDocument: number;
  aliases: ReadonlyMap<string, readonly string[]>;
  collection?: string;
  /** Untimed queries first, so plan caches and the model's first run do not count. */
  warmUp?: number;
  /**
   * Ask for exactly this many chunks, once per query, as a chat does (its topK): the tuned
   * knobs (candidate budget, efSearch) only matter at this depth, not at eval depth.
   */
  fixedK?: number;
}

/**
 * The largest k each mode accepts. searchChunks sets hnsw.ef_search to its candidate count
 * (4·k for hybrid, k for vector) and pgvector rejects values above 1000; the API caps k at
 * 100, so only this deep retrieval reaches the limit.
 */
const MAX_K: Record<RetrievalMode, number> = { hybrid: 250, vector: 1000, keyword: 8192 };

/**
 * Runs every query through searchChunks — the code behind POST /api/search — and folds chunk
 * hits into a document ranking (each document at its best chunk). A query whose top chunks
 * hold fewer than `depth` distinct documents is asked again with twice the k, until it has
 * them or the index has no more.
 */
export async function runQueries(
  db: Database,
  embedding: EmbeddingContext,
  queries: { id: string; text: string }[],
  opts: RunQueriesOptions,
): Promise<QueryRun> {
  const toIds = (hit: { documentId: string }) => opts.aliases.get(hit.documentId) ?? [];
  const search = (text: string, k: number) =>
    searchChunks(db, embedding, opts.settings, { query: text, k, mode: opts.mode, viewerId: null, collection: opts.collection, candidateFactor: opts.candidateFactor });

  for (const q of queries.slice(0, opts.warmUp ?? 3)) await search(q.text, opts.fixedK ?? Math.min(MAX_K[opts.mode], opts.depth));

  const run = new Map<string, string[]>();
  const chunkRun = new Map<string, string[][]>();
  const latenciesMs: number[] = [];
  const maxK = MAX_K[opts.mode];
  let shortQueries = 0;
  for (const q of queries) {
    let k = opts.fixedK ?? Math.min(maxK, Math.ceil(opts.depth * opts.chunksPerDocument));
    for (;;) {
      const started = performance.now();
      const hits = await search(q.text, k);
      const elapsed = performance.now() - started;
      const ranked = rankDocuments(hits, toIds);
      if (opts.fixedK !== undefined || ranked.length >= opts.depth || hits.length < k || k >= maxK) {
        if (opts.fixedK === undefined && ranked.length < opts.depth && hits.length >= k) shortQueries++;
        run.set(q.id, ranked.slice(0, opts.depth));
        chunkRun.set(q.id, hits.slice(0, CHUNK_PREFIX).map((h) => [...toIds(h)]));
        latenciesMs.push(elapsed);
        break;
      }
      k = Math.min(maxK, k * 2);
    }
  }
  return { run, latenciesMs, shortQueries, chunkRun };
}
