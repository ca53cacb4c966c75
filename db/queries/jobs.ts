import type { Queryable } from '../types';

/**
 * The one set of job-queue queries (lib/jobs/ runs them). Every job table — `documents` for
 * ingestion, `reindex_jobs` for re-indexing, evaluation runs later — has the same job columns:
 * status ('queued' | 'processing' | <done status> | 'failed'), progress real, attempts int,
 * lease_expires_at, run_after, retryable, claimed_at, error, created_at, updated_at
 * (db/migrations/008_jobs.sql). Table and column names come from code, never from input.
 */
export interface JobTable {
  table: string;
  /** Primary-key columns, in order. */
  key: readonly string[];
  /** The status a finished job has ('ready' for documents, 'done' for re-index jobs). */
  doneStatus: string;
}

/** What one claim may take: extra conditions on the candidate row `c` and their parameters (from $2), and its order. */
export interface ClaimScope {
  where?: string;
  params?: unknown[];
  /** ORDER BY over `c`; oldest first when unset. */
  order?: string;
}

/** A claimed row: its columns as stored (snake_case), attempts counting this one. */
export type JobRow = Record<string, unknown> & { attempts: number };

const keyMatch = (t: JobTable, from: number) => t.key.map((k, i) => `${k} = $${from + i}`).join(' AND ');
const keyValues = (t: JobTable, row: JobRow) => t.key.map((k) => row[k]);

/**
 * Claims the first queued job (past its back-off) or one whose lease ran out (a crashed or
 * killed process) and leases it for `leaseSeconds`. SKIP LOCKED lets several Docent processes
 * on one PostgreSQL share a queue without taking the same job twice.
 */
export async function claimJob(q: Queryable, t: JobTable, leaseSeconds: number, scope: ClaimScope = {}): Promise<JobRow | null> {
  const keys = t.key.join(', ');
  const { rows } = await q.query<JobRow>(
    `UPDATE ${t.table} SET status = 'processing', attempts = attempts + 1, progress = 0, run_after = NULL,
            lease_expires_at = now() + make_interval(secs => $1), claimed_at = now(), updated_at = now()
     WHERE (${keys}) = (
       SELECT ${t.key.map((k) => `c.${k}`).join(', ')} FROM ${t.table} c
       WHERE ((c.status = 'queued' AND (c.run_after IS NULL OR c.run_after <= now()))
              OR (c.status = 'processing' AND c.lease_expires_at < now()))
         AND (${scope.where ?? 'true'})
       ORDER BY ${scope.order ?? `c.created_at, ${t.key.map((k) => `c.${k}`).join(', ')}`}
       FOR UPDATE OF c SKIP LOCKED
       LIMIT 1)
     RETURNING *`,
    [leaseSeconds, ...(scope.params ?? [])],
  );
  return rows[0] ?? null;
}

/** Records progress and extends the lease; false when the job is no longer ours. */
export async function heartbeatJob(q: Queryable, t: JobTable, job: JobRow, progress: number, leaseSeconds: number): Promise<boolean> {
  const n = t.key.length;
  const { rowCount } = await q.query(
    `UPDATE ${t.table} SET progress = $${n + 2}, lease_expires_at = now() + make_interval(secs => $${n + 3}), updated_at = now()
     WHERE ${keyMatch(t, 1)} AND status = 'processing' AND attempts = $${n + 1}`,
    [...keyValues(t, job), job.attempts, progress, leaseSeconds],
  );
  return rowCount > 0;
}

/** Locks the job's row for the final commit; false when it was deleted or taken over. */
export async function lockJob(q: Queryable, t: JobTable, job: JobRow): Promise<boolean> {
  const n = t.key.length;
  const { rows } = await q.query(
    `SELECT 1 FROM ${t.table} WHERE ${keyMatch(t, 1)} AND status = 'processing' AND attempts = $${n + 1} FOR UPDATE`,
    [...keyValues(t, job), job.attempts],
  );
  return rows.length > 0;
}

/**
 * Hands the job back to the queue, claimable again after `delaySeconds` (0: a shutdown, not a
 * failure). `uncount`: this attempt does not count (an upstream outage, not the job's fault).
 */
export async function requeueJob(q: Queryable, t: JobTable, job: JobRow, delaySeconds = 0, opts: { uncount?: boolean } = {}): Promise<void> {
  const n = t.key.length;
  await q.query(
    `UPDATE ${t.table} SET status = 'queued', progress = 0, lease_expires_at = NULL,
            attempts = attempts - $${n + 3}::int,
            run_after = CASE WHEN $${n + 2}::float8 > 0 THEN now() + make_interval(secs => $${n + 2}) END, updated_at = now()
     WHERE ${keyMatch(t, 1)} AND status = 'processing' AND attempts = $${n + 1}`,
    [...keyValues(t, job), job.attempts, delaySeconds, opts.uncount ? 1 : 0],
  );
}

/** Fails the job; `retryable` false when retrying cannot help until the user changes something. */
export async function failJob(q: Queryable, t: JobTable, job: JobRow, error: string, retryable: boolean): Promise<void> {
  const n = t.key.length;
  await q.query(
    `UPDATE ${t.table} SET status = 'failed', error = $${n + 2}, retryable = $${n + 3}, lease_expires_at = NULL, updated_at = now()
     WHERE ${keyMatch(t, 1)} AND status = 'processing' AND attempts = $${n + 1}`,
    [...keyValues(t, job), job.attempts, error, retryable],
  );
}

/** Puts failed jobs matching `where` (over the table's columns, parameters from $1) back in the queue. */
export async function retryFailedJobs(q: Queryable, t: JobTable, where: string, params: unknown[]): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE ${t.table} SET status = 'queued', progress = 0, error = NULL, attempts = 0, retryable = true,
            run_after = NULL, updated_at = now()
     WHERE status = 'failed' AND (${where})`,
    params,
  );
  return rowCount;
}

/**
 * Hands every in-flight job back to the queue. Only for a database this process owns alone
 * (PGlite): after a crash nobody else can be working on them, so waiting out the lease would
 * only delay recovery. On PostgreSQL other instances may hold live leases.
 */
export async function requeueAllProcessingJobs(q: Queryable, t: JobTable): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE ${t.table} SET status = 'queued', progress = 0, lease_expires_at = NULL, updated_at = now()
     WHERE status = 'processing'`,
  );
  return rowCount;
}

/**
 * Whether a queued job is in a retry's back-off, over or not (idle() must not report the queue
 * empty then). Only a retry sets run_after; a claim clears it.
 */
export async function hasBackedOffJobs(q: Queryable, t: JobTable): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM ${t.table} WHERE status = 'queued' AND run_after IS NOT NULL LIMIT 1`);
  return rows.length > 0;
}
