import type { Queryable } from '../types';

/** A claimed ingestion job: the document row being processed and the attempt it is on. */
export interface ClaimedJob {
  id: string;
  name: string;
  mimeType: string;
  attempts: number;
  /** The request that queued it (null before migration 013). */
  requestId: string | null;
}

/**
 * Claims the oldest queued document, or one whose worker's lease ran out (a crashed or
 * killed process), and leases it for `leaseSeconds`. SKIP LOCKED lets several Docent
 * processes on one PostgreSQL share the queue without taking the same document twice.
 */
export async function claimNextDocument(q: Queryable, leaseSeconds: number): Promise<ClaimedJob | null> {
  const { rows } = await q.query<ClaimedJob>(
    `UPDATE documents SET status = 'processing', attempts = attempts + 1, progress = 0,
            lease_expires_at = now() + make_interval(secs => $1), updated_at = now()
     WHERE id = (
       SELECT id FROM documents
       WHERE status = 'queued' OR (status = 'processing' AND lease_expires_at < now())
       ORDER BY created_at, id
       FOR UPDATE SKIP LOCKED
       LIMIT 1)
     RETURNING id, name, mime_type AS "mimeType", attempts, request_id AS "requestId"`,
    [leaseSeconds],
  );
  return rows[0] ?? null;
}

/** Records progress and extends the lease; false when the job is no longer ours. */
export async function heartbeatDocument(
  q: Queryable,
  job: ClaimedJob,
  progress: number,
  leaseSeconds: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE documents SET progress = $3, lease_expires_at = now() + make_interval(secs => $4),
            updated_at = now()
     WHERE id = $1 AND status = 'processing' AND attempts = $2`,
    [job.id, job.attempts, progress, leaseSeconds],
  );
  return rowCount > 0;
}

/** Locks the job's row for the final commit; false when it was deleted or taken over. */
export async function lockClaimedDocument(q: Queryable, job: ClaimedJob): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT id FROM documents WHERE id = $1 AND status = 'processing' AND attempts = $2 FOR UPDATE`,
    [job.id, job.attempts],
  );
  return rows.length > 0;
}

export async function markDocumentReady(
  q: Queryable,
  id: string,
  fields: { chunkCount: number; title: string | null; ocr?: { pages: number[]; meanConfidence: number | null } | null },
): Promise<void> {
  await q.query(
    `UPDATE documents SET status = 'ready', progress = 1, chunk_count = $2, title = $3,
            ocr_pages = $4, ocr_confidence = $5,
            error = NULL, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1`,
    [id, fields.chunkCount, fields.title, fields.ocr?.pages ?? null, fields.ocr?.meanConfidence ?? null],
  );
}

export async function markDocumentFailed(q: Queryable, job: ClaimedJob, error: string): Promise<void> {
  await q.query(
    `UPDATE documents SET status = 'failed', error = $3, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND attempts = $2`,
    [job.id, job.attempts, error],
  );
}

/** Puts a job back for another attempt (a transient fault, or a shutdown mid-job). */
export async function requeueDocument(q: Queryable, job: ClaimedJob): Promise<void> {
  await q.query(
    `UPDATE documents SET status = 'queued', progress = 0, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'processing' AND attempts = $2`,
    [job.id, job.attempts],
  );
}

/** Puts a job back without counting its attempt: the fault was an upstream outage, not the document. */
export async function releaseDocument(q: Queryable, job: ClaimedJob): Promise<void> {
  await q.query(
    `UPDATE documents SET status = 'queued', progress = 0, attempts = attempts - 1, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'processing' AND attempts = $2`,
    [job.id, job.attempts],
  );
}

/** Puts a failed document back in the queue (the user asked to retry). */
export async function retryFailedDocument(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE documents SET status = 'queued', progress = 0, error = NULL, attempts = 0, updated_at = now()
     WHERE id = $1 AND status = 'failed'`,
    [id],
  );
  return rowCount > 0;
}

/**
 * Hands every in-flight document back to the queue. Only for a database this process owns
 * alone (PGlite): after a crash nobody else can be working on them, so waiting out the lease
 * would only delay recovery. On PostgreSQL other instances may hold live leases.
 */
export async function requeueAllProcessing(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE documents SET status = 'queued', progress = 0, lease_expires_at = NULL, updated_at = now()
     WHERE status = 'processing'`,
  );
  return rowCount;
}
