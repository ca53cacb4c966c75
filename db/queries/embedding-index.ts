import type { Queryable } from '../types';
import type { EmbeddingSpace } from './embedding-models';

/**
 * The embedding index's state (db/migrations/004_embedding_reindex.sql): the space search
 * uses, and the space a re-index is filling. Reads that decide a write lock the one row:
 * FOR SHARE for chunk writers, FOR UPDATE for whoever switches or cancels.
 */
export interface EmbeddingIndexState {
  active: EmbeddingSpace | null;
  target: EmbeddingSpace | null;
  reindexStartedAt: Date | null;
  lastReindex: { model: string; finishedAt: Date } | null;
}

interface StateRow {
  activeId: number | null;
  activeName: string | null;
  activeDim: number | null;
  targetId: number | null;
  targetName: string | null;
  targetDim: number | null;
  reindexStartedAt: Date | null;
  lastName: string | null;
  lastFinishedAt: Date | null;
}

const SELECT_STATE = `
  SELECT a.id AS "activeId", a.name AS "activeName", a.dim AS "activeDim",
         t.id AS "targetId", t.name AS "targetName", t.dim AS "targetDim",
         s.reindex_started_at AS "reindexStartedAt",
         l.name AS "lastName", s.last_reindex_finished_at AS "lastFinishedAt"
  FROM embedding_index s
  LEFT JOIN embedding_models a ON a.id = s.active_model_id
  LEFT JOIN embedding_models t ON t.id = s.target_model_id
  LEFT JOIN embedding_models l ON l.id = s.last_reindex_model_id`;

const space = (id: number | null, name: string | null, dim: number | null): EmbeddingSpace | null =>
  id === null || name === null || dim === null ? null : { id, name, dim };

/** The state; `lock` takes the row (in a transaction) so the answer holds until commit. */
export async function getEmbeddingIndexState(q: Queryable, lock?: 'share' | 'update'): Promise<EmbeddingIndexState> {
  if (lock) {
    // The row exists from the migration on; re-created here should someone have deleted it.
    await q.query('INSERT INTO embedding_index (singleton) VALUES (true) ON CONFLICT DO NOTHING');
    await q.query(`SELECT 1 FROM embedding_index FOR ${lock === 'share' ? 'SHARE' : 'UPDATE'}`);
  }
  const { rows } = await q.query<StateRow>(SELECT_STATE);
  if (!rows[0]) return { active: null, target: null, reindexStartedAt: null, lastReindex: null };
  const r = rows[0];
  return {
    active: space(r.activeId, r.activeName, r.activeDim),
    target: space(r.targetId, r.targetName, r.targetDim),
    reindexStartedAt: r.reindexStartedAt,
    lastReindex: r.lastName && r.lastFinishedAt ? { model: r.lastName, finishedAt: r.lastFinishedAt } : null,
  };
}

/** Makes `spaceId` active when no space is yet (a fresh database); returns whether it did. */
export async function activateSpaceIfUnset(q: Queryable, spaceId: number): Promise<boolean> {
  await q.query('INSERT INTO embedding_index (singleton) VALUES (true) ON CONFLICT DO NOTHING');
  const { rowCount } = await q.query(
    `UPDATE embedding_index SET active_model_id = $1, updated_at = now()
     WHERE active_model_id IS NULL AND target_model_id IS DISTINCT FROM $1`,
    [spaceId],
  );
  return rowCount > 0;
}

export async function setEmbeddingIndexTarget(q: Queryable, targetId: number | null): Promise<void> {
  await q.query(
    `UPDATE embedding_index SET target_model_id = $1,
            reindex_started_at = CASE WHEN $1::int IS NULL THEN NULL ELSE now() END, updated_at = now()`,
    [targetId],
  );
}

/** The switch: the target becomes active, atomically with whatever else the caller's transaction does. */
export async function activateTarget(q: Queryable, targetId: number): Promise<void> {
  await q.query(
    `UPDATE embedding_index SET active_model_id = $1, target_model_id = NULL, reindex_started_at = NULL,
            last_reindex_model_id = $1, last_reindex_finished_at = now(), updated_at = now()
     WHERE target_model_id = $1`,
    [targetId],
  );
}

/** Every chunk outside `keepId` (the old space after a switch, or a cancelled target's leftovers). */
export async function deleteChunksOutsideSpace(q: Queryable, keepId: number): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM chunks WHERE embedding_model_id <> $1', [keepId]);
  return rowCount;
}

export async function deleteChunksOfSpace(q: Queryable, spaceId: number): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM chunks WHERE embedding_model_id = $1', [spaceId]);
  return rowCount;
}

// ---------------------------------------------------------------------------------------------
// Re-index jobs: one row per (target space, document), claimed like documents are.

export interface ClaimedReindexJob {
  /** The document's id. */
  id: string;
  name: string;
  mimeType: string;
  spaceId: number;
  attempts: number;
}

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

/**
 * Claims the oldest queued job of the space, or one whose lease ran out (a crashed process),
 * for `leaseSeconds`. SKIP LOCKED lets several processes share the work.
 */
export async function claimNextReindexJob(q: Queryable, spaceId: number, leaseSeconds: number): Promise<ClaimedReindexJob | null> {
  const { rows } = await q.query<ClaimedReindexJob>(
    `UPDATE reindex_jobs j SET status = 'processing', attempts = j.attempts + 1, progress = 0,
            lease_expires_at = now() + make_interval(secs => $2), updated_at = now()
     FROM documents d
     WHERE d.id = j.document_id AND j.embedding_model_id = $1 AND j.document_id = (
       SELECT document_id FROM reindex_jobs
       WHERE embedding_model_id = $1
         AND (status = 'queued' OR (status = 'processing' AND lease_expires_at < now()))
       ORDER BY created_at, document_id
       FOR UPDATE SKIP LOCKED
       LIMIT 1)
     RETURNING j.document_id AS id, d.name, d.mime_type AS "mimeType", j.embedding_model_id AS "spaceId", j.attempts`,
    [spaceId, leaseSeconds],
  );
  return rows[0] ?? null;
}

/** Records progress and extends the lease; false when the job is no longer ours. */
export async function heartbeatReindexJob(q: Queryable, job: ClaimedReindexJob, progress: number, leaseSeconds: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE reindex_jobs SET progress = $4, lease_expires_at = now() + make_interval(secs => $5), updated_at = now()
     WHERE embedding_model_id = $1 AND document_id = $2 AND status = 'processing' AND attempts = $3`,
    [job.spaceId, job.id, job.attempts, progress, leaseSeconds],
  );
  return rowCount > 0;
}

/** Locks the job (still ours?) and its document (still ready?) for the final commit. */
export async function lockClaimedReindexJob(q: Queryable, job: ClaimedReindexJob): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM reindex_jobs j JOIN documents d ON d.id = j.document_id
     WHERE j.embedding_model_id = $1 AND j.document_id = $2 AND j.status = 'processing' AND j.attempts = $3
       AND d.status = 'ready'
     FOR UPDATE OF j FOR SHARE OF d`,
    [job.spaceId, job.id, job.attempts],
  );
  return rows.length > 0;
}

export async function markReindexJobDone(q: Queryable, job: ClaimedReindexJob, chunkCount: number): Promise<void> {
  await q.query(
    `UPDATE reindex_jobs SET status = 'done', progress = 1, chunk_count = $3, error = NULL,
            lease_expires_at = NULL, updated_at = now()
     WHERE embedding_model_id = $1 AND document_id = $2`,
    [job.spaceId, job.id, chunkCount],
  );
}

export async function markReindexJobFailed(q: Queryable, job: ClaimedReindexJob, error: string): Promise<void> {
  await q.query(
    `UPDATE reindex_jobs SET status = 'failed', error = $4, lease_expires_at = NULL, updated_at = now()
     WHERE embedding_model_id = $1 AND document_id = $2 AND attempts = $3`,
    [job.spaceId, job.id, job.attempts, error],
  );
}

export async function requeueReindexJob(q: Queryable, job: ClaimedReindexJob): Promise<void> {
  await q.query(
    `UPDATE reindex_jobs SET status = 'queued', progress = 0, lease_expires_at = NULL, updated_at = now()
     WHERE embedding_model_id = $1 AND document_id = $2 AND status = 'processing' AND attempts = $3`,
    [job.spaceId, job.id, job.attempts],
  );
}

/** After a crash, on a database this process owns alone (PGlite): see requeueAllProcessing. */
export async function requeueAllReindexProcessing(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE reindex_jobs SET status = 'queued', progress = 0, lease_expires_at = NULL, updated_at = now()
     WHERE status = 'processing'`,
  );
  return rowCount;
}

/** Puts the space's failed jobs back in the queue (the admin asked again); returns how many. */
export async function retryFailedReindexJobs(q: Queryable, spaceId: number): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE reindex_jobs SET status = 'queued', progress = 0, attempts = 0, error = NULL, updated_at = now()
     WHERE embedding_model_id = $1 AND status = 'failed'`,
    [spaceId],
  );
  return rowCount;
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
