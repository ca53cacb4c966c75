/**
 * Docent's one durable job runner: ingestion (`ingest`), re-indexing after an embedding-model
 * change (`reindex`), and evaluation runs (`evaluate`) all run through it.
 *
 * How it works: a job is a row in a job table. Loops ("lanes") claim rows with
 * `FOR UPDATE SKIP LOCKED` and a lease (db/queries/jobs.ts, the only claim queries), renew the
 * lease with each progress report (heartbeat), and apply one retry rule (./retry.ts): an
 * AppError with a 4xx status fails the job at once with `retryable = false`; anything else
 * backs off (durably: `run_after`) and is retried, then fails with `retryable = true`. A job
 * whose process died is reclaimed when its lease runs out.
 *
 * Defining a kind:
 * 1. A table with the job columns (copy them from db/migrations/008_jobs.sql and 001_init.sql):
 *      status text NOT NULL DEFAULT 'queued'  -- 'queued' | 'processing' | <done> | 'failed'
 *      progress real NOT NULL DEFAULT 0, attempts integer NOT NULL DEFAULT 0,
 *      lease_expires_at timestamptz, run_after timestamptz, claimed_at timestamptz,
 *      retryable boolean NOT NULL DEFAULT true, error text,
 *      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()
 * 2. A JobKind (./types.ts):
 *      const evaluateKind: JobKind<null> = {
 *        name: 'evaluate',
 *        table: { table: 'evaluation_runs', key: ['id'], doneStatus: 'done' },
 *        scope: async (db, lane) => (lane === 'main' ? { context: null } : null),
 *        describe: (job) => `evaluation ${job.id}`,
 *        async run(job, ctx) {
 *          // … work, calling `await ctx.progress(fraction)` often (heartbeat; throws if lost/stopping)
 *          await ctx.db.transaction(async (tx) => {
 *            await ctx.lock(tx); // still ours?
 *            await tx.query(`UPDATE evaluation_runs SET status = 'done', progress = 1 WHERE id = $1`, [job.id]);
 *          });
 *        },
 *      };
 *    Throw an AppError (4xx) for what the user must fix; other errors are retried.
 * 3. Register it: the server's runner is built in `startIngestWorker` (lib/ingest/worker.ts;
 *    started once per process by lib/ingest/background.ts): push the kind onto its `kinds`
 *    (order is priority within a lane; lanes are `main` and `small`).
 *
 * Enqueueing a job: INSERT a row with status 'queued' (the defaults do the rest), then call
 * `ensureIngestWorker().notify()` (lib/ingest/background.ts) so the runner picks it up at once
 * rather than at its next poll. Retrying failed ones: `retryFailedJobs(db, table, where,
 * params)` from db/queries/jobs.ts. Tests: tests/integration/jobs-suite.ts defines a kind on
 * its own table, as a new kind would.
 */
export { decideRetry, isUserFixable, type RetryDecision } from './retry';
export { jobContext, type JobRunner, type JobRunnerOptions, type Lane, startJobRunner } from './runner';
export { type ClaimScope, type JobContext, type JobKind, JobLostError, type JobRow, type JobTable, type KindScope } from './types';
