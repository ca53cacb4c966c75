import type { Queryable } from '../types';

export interface StorageStats {
  databaseBytes: number;
  documents: { total: number; queued: number; processing: number; ready: number; failed: number };
  chunks: number;
}

/** Sizes and counts for the admin status panel; pg_database_size works on PGlite and PostgreSQL alike. */
export async function getStorageStats(q: Queryable): Promise<StorageStats> {
  const size = await q.query<{ bytes: number }>('SELECT pg_database_size(current_database())::float8 AS bytes');
  const docs = await q.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM documents GROUP BY status');
  const chunks = await q.query<{ n: number }>('SELECT count(*)::float8 AS n FROM chunks');
  const documents = { total: 0, queued: 0, processing: 0, ready: 0, failed: 0 };
  for (const row of docs.rows) {
    if (row.status in documents) documents[row.status as keyof typeof documents] = row.n;
    documents.total += row.n;
  }
  return { databaseBytes: size.rows[0].bytes, documents, chunks: chunks.rows[0].n };
}

export interface QueueStats {
  queued: number;
  processing: number;
  /** Seconds since the oldest queued document was queued; 0 when none waits. */
  oldestQueuedSeconds: number;
}

/** The ingestion queue as a scrape sees it; uses the documents_pending partial index. */
export async function getQueueStats(q: Queryable): Promise<QueueStats> {
  const { rows } = await q.query<QueueStats>(
    `SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
            count(*) FILTER (WHERE status = 'processing')::int AS processing,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'queued')), 0)::float8 AS "oldestQueuedSeconds"
       FROM documents WHERE status IN ('queued', 'processing')`,
  );
  return rows[0];
}
