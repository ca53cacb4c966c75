import type { Database, Transaction } from '@/db';
import type { ClaimScope, JobRow, JobTable } from '@/db/queries/jobs';

export type { ClaimScope, JobRow, JobTable };

/** Raised when a job stopped being ours (deleted, or reclaimed after our lease ran out); the runner drops it quietly. */
export class JobLostError extends Error {
  constructor(what: string) {
    super(`${what} was deleted or taken over while it was processed`);
  }
}

/** A claim's scope plus whatever the kind prepared for it (e.g. the loaded embedder), handed to `run`. */
export interface KindScope<C> extends ClaimScope {
  context: C;
}

/** What a job's `run` gets from the runner. */
export interface JobContext {
  db: Database;
  /** Aborted when the runner stops (shutdown): the job is handed back to the queue. */
  signal: AbortSignal;
  /** The lane that claimed the job. */
  lane: string;
  /**
   * Records progress (0–1) and extends the lease — at most every 500 ms unless `force`. Throws
   * JobLostError when the job is no longer ours, and the abort reason when stopping.
   */
  progress(fraction: number, force?: boolean): Promise<void>;
  /** Call inside the transaction that stores the result: locks the job row, or throws JobLostError. */
  lock(tx: Transaction): Promise<void>;
}

/** One kind of job: where its rows live, what may be claimed now, and how to run one. */
export interface JobKind<C = unknown> {
  /** 'ingest', 'reindex', 'evaluate', … (logs). */
  name: string;
  table: JobTable;
  /**
   * What this kind may claim now in `lane`, or null for nothing (e.g. no re-index running, or
   * the model it needs is not loaded yet — its jobs then stay queued). Lanes the kind does not
   * serve return null.
   */
  scope(db: Database, lane: string): Promise<KindScope<C> | null>;
  /** Does the work; must store its result and set the done status in a transaction that calls ctx.lock(tx). */
  run(job: JobRow, ctx: JobContext, context: C): Promise<string | void>;
  /** Start of the message stored when retries ran out, e.g. 'Ingestion failed' (… after 3 attempts: why). */
  failed?: string;
  /** Short description for logs, e.g. `document <id>`. */
  describe(job: JobRow): string;
  /** Errors that hand the job straight back to the queue without counting as a failure (e.g. the embedding space changed). */
  requeueOn?(err: unknown): boolean;
  /**
   * An upstream service that is down (not the job's fault): seconds to wait before the job is
   * claimed again, its attempt not counted — so an outage never fails it; null for other errors.
   */
  releaseOn?(err: unknown): number | null;
  /** Called after a pass where the kind had nothing to claim; true when it queued more work (call again at once). */
  whenEmpty?(db: Database): Promise<boolean>;
}
