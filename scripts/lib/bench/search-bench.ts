import { searchChunksByVector } from '@/db/queries/chunks';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import type { Embedder } from '@/lib/embeddings';
import { searchChunks } from '@/lib/search/search';
import { loadSettings, type RetrievalMode } from '@/lib/settings';
import { openScratchDatabase, type DatabaseChoice } from '../scratch-database';
import { fillSearchFixture, type FixtureSource, type SearchFixture } from './search-fixture';
import { summarise, type LatencySummary } from './stats';
import { exactTopK } from './synthetic';

export interface RecallPoint {
  efSearch: number;
  recallAt10: number;
  /** The vector query alone (no query embedding), ms. */
  p50Ms: number;
}

export interface SearchSizeResult {
  database: DatabaseChoice;
  chunks: number;
  insertSeconds: number;
  indexSeconds: number;
  /** searchChunks with the default settings (k = topK), query embedding included. */
  latencyMs: Record<'hybrid' | 'vector', LatencySummary>;
  recall: RecallPoint[];
}

export interface SearchBenchOptions {
  database: DatabaseChoice;
  sizes: number[];
  source: FixtureSource;
  embedder: Embedder;
  queries: string[];
  efValues: number[];
  warmUp: number;
  log: (line: string) => void;
}

const TIMED_MODES: ('hybrid' | 'vector')[] = ['hybrid', 'vector'];

/**
 * Search latency and HNSW recall at growing corpus sizes on one database. The fixture grows in
 * place (10k, then 100k) and the HNSW index is rebuilt over all of it each time. Latency goes
 * through searchChunks exactly as POST /api/search does; recall compares the index's top 10
 * (the same SQL, at each ef_search) with exact top 10 computed in JS over the stored vectors.
 */
export async function benchSearch(opts: SearchBenchOptions): Promise<SearchSizeResult[]> {
  const { db, dispose } = await openScratchDatabase(opts.database, 'bench');
  try {
    const space = await ensureEmbeddingSpace(db, opts.embedder.model, opts.embedder.dim);
    const settings = await loadSettings(db);
    const queryVectors = await opts.embedder.embedDocuments(opts.queries);
    const results: SearchSizeResult[] = [];
    let fixture: SearchFixture | undefined;
    for (const size of [...opts.sizes].sort((a, b) => a - b)) {
      fixture = await fillSearchFixture(db, space, opts.source, size, fixture);
      opts.log(`  ${opts.database} ${size} chunks: insert ${fixture.insertSeconds.toFixed(0)} s, HNSW build ${fixture.indexSeconds.toFixed(0)} s`);

      const samples: Record<RetrievalMode, number[]> = { hybrid: [], vector: [], keyword: [] };
      const run = (query: string, mode: RetrievalMode) =>
        searchChunks(db, { embedder: opts.embedder, space }, settings, { query, k: settings.topK, mode, viewerId: null });
      for (const query of opts.queries.slice(0, opts.warmUp)) for (const mode of TIMED_MODES) await run(query, mode);
      // Modes interleave query by query, so drift in the machine's load hits both alike.
      for (const query of opts.queries) {
        for (const mode of TIMED_MODES) {
          const started = performance.now();
          await run(query, mode);
          samples[mode].push(performance.now() - started);
        }
      }

      const recall: RecallPoint[] = [];
      const exact = queryVectors.map((v) => exactTopK(v, fixture!.vectors, 10));
      for (const efSearch of opts.efValues) {
        let found = 0;
        const times: number[] = [];
        for (const [i, vector] of queryVectors.entries()) {
          const started = performance.now();
          const hits = await db.transaction(async (tx) => {
            await tx.query(`SET LOCAL hnsw.ef_search = ${Math.trunc(efSearch)}`);
            await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
            await tx.query(`SET LOCAL enable_sort = off`);
            await tx.query(`SET LOCAL jit = off`);
            return searchChunksByVector(tx, vector, { space, viewerId: null, collectionId: null, limit: 10 });
          });
          times.push(performance.now() - started);
          const want = new Set(exact[i]);
          found += hits.filter((h) => want.has(fixture!.ordinalOf.get(h.chunkId)!)).length;
        }
        recall.push({ efSearch, recallAt10: found / (10 * queryVectors.length), p50Ms: summarise(times).p50 });
      }
      opts.log(`    recall@10 by ef_search: ${recall.map((r) => `${r.efSearch}:${r.recallAt10.toFixed(3)}`).join(' ')}`);
      results.push({
        database: opts.database,
        chunks: size,
        insertSeconds: fixture.insertSeconds,
        indexSeconds: fixture.indexSeconds,
        latencyMs: { hybrid: summarise(samples.hybrid), vector: summarise(samples.vector) },
        recall,
      });
    }
    return results;
  } finally {
    await dispose();
  }
}
