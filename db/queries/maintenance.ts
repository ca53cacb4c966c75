import type { Database } from '../types';

/**
 * What autovacuum would do after a load, for PGlite (which runs none) and for scripts that
 * search right after loading: planner statistics for documents and chunks (without them the
 * planner keeps an empty table's estimates and never uses the HNSW index), and the full-text
 * index's pending list merged into the index. GIN's fast update queues new entries in a list
 * that every search scans whole until a VACUUM merges it; after a bulk load on PGlite it stays
 * at its 4 MB limit and each keyword lookup costs 52–63 ms instead of 0.2 ms (measured with
 * EXPLAIN ANALYZE on the SciFact corpus; docs/benchmarks.md).
 */
export async function refreshSearchStatistics(db: Pick<Database, 'exec'>): Promise<void> {
  await db.exec(`ANALYZE documents; ANALYZE chunks; SELECT gin_clean_pending_list('chunks_tsv'::regclass);`);
}
