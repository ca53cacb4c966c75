import type { Queryable } from '../types';
import { type JobTable, retryFailedJobs } from './jobs';

/**
 * Re-index jobs (db/migrations/004_embedding_reindex.sql): one row per (target space,
 * document), run by lib/jobs/ like any other job (lib/reindex/job.ts).
 */
export const REINDEX_JOBS: JobTable = { table: 'reindex_jobs', key: ['embedding_model_id', 'document_id'], doneStatus: 'done' };

/** Queues every ready document that has no job for the space yet; returns how many it queued. */
export async function enqueueReindexJobs(q: Queryable, spaceId: number): Promise<number> {
  const { rowCount } = await q.query(
    `INSERT INTO reindex_jobs (embedding_model_id, document_id)
     SELECT $1, d.id FROM documents d WHERE d.status = 'ready'
     ON CONFLICT DO NOTHING`,
    [spaceId],
  );
  return rowCount;
}

export async function markReindexJobDone(q: Queryable, job: { spaceId: number; documentId: string }, chunkCount: number): Promise<void> {
  await q.query(
    `UPDATE reindex_jobs SET status = 'done', progress = 1, chunk_count = $3, error = NULL,
            lease_expires_at = NULL, updated_at = now()
     WHERE embedding_model_id = $1 AND document_id = $2`,
    [job.spaceId, job.documentId, chunkCount],
  );
}

/** Every job of one space (a re-index that finished or was cancelled). */
export async function deleteReindexJobs(q: Queryable, spaceId: number): Promise<void> {
  await q.query('DELETE FROM reindex_jobs WHERE embedding_model_id = $1', [spaceId]);
}

/** After a switch, each document's chunk count is the one its re-index stored. */
export async function applyReindexChunkCounts(q: Queryable, spaceId: number): Promise<void> {
  await q.query(
    `UPDATE documents d SET chunk_count = j.chunk_count
     FROM reindex_jobs j
     WHERE j.document_id = d.id AND j.embedding_model_id = $1 AND j.status = 'done'`,
    [spaceId],
  );
}

export interface ReindexCounts {
  /** Ready documents the re-index must cover: its jobs plus ready documents not queued yet. */
  total: number;
  done: number;
  failed: number;
  /** Queued or in progress. */
  pending: number;
  /** done + the fraction of the documents in progress, for a smooth progress bar. */
  progress: number;
}

export async function countReindexJobs(q: Queryable, spaceId: number): Promise<ReindexCounts> {
  const { rows } = await q.query<{ done: number; failed: number; pending: number; partial: number; unqueued: number }>(
    `SELECT count(*) FILTER (WHERE j.status = 'done')::int AS done,
            count(*) FILTER (WHERE j.status = 'failed')::int AS failed,
            count(*) FILTER (WHERE j.status IN ('queued', 'processing'))::int AS pending,
            coalesce(sum(j.progress) FILTER (WHERE j.status = 'processing'), 0)::float8 AS partial,
            (SELECT count(*)::int FROM documents d WHERE d.status = 'ready' AND NOT EXISTS (
               SELECT 1 FROM reindex_jobs x WHERE x.embedding_model_id = $1 AND x.document_id = d.id)) AS unqueued
     FROM reindex_jobs j WHERE j.embedding_model_id = $1`,
    [spaceId],
  );
  const r = rows[0];
  return {
    total: r.done + r.failed + r.pending + r.unqueued,
    done: r.done,
    failed: r.failed,
    pending: r.pending + r.unqueued,
    progress: r.done + r.partial,
  };
}

export interface ReindexFailure {
  documentId: string;
  documentName: string;
  error: string;
}

export async function listReindexFailures(q: Queryable, spaceId: number, limit = 20): Promise<ReindexFailure[]> {
  const { rows } = await q.query<ReindexFailure>(
    `SELECT j.document_id AS "documentId", d.name AS "documentName", coalesce(j.error, 'unknown error') AS error
     FROM reindex_jobs j JOIN documents d ON d.id = j.document_id
     WHERE j.embedding_model_id = $1 AND j.status = 'failed'
     ORDER BY j.updated_at, j.document_id
     LIMIT $2`,
    [spaceId, limit],
  );
  return rows;
}

/** Puts the space's failed jobs back in the queue (the admin asked again); returns how many. */
export function retryFailedReindexJobs(q: Queryable, spaceId: number): Promise<number> {
  return retryFailedJobs(q, REINDEX_JOBS, 'embedding_model_id = $1', [spaceId]);
}
