import type { Database } from '@/db';
import { claimJob, failJob, hasBackedOffJobs, heartbeatJob, type JobRow, type JobTable, lockJob, requeueJob } from '@/db/queries/jobs';
import { describeError } from '../errors';
import { withRequestId } from '../log';
import { decideRetry } from './retry';
import { type JobContext, type JobKind, JobLostError } from './types';

/** A lane is a set of loops that claim jobs; a second lane keeps small work from waiting behind a large job. */
export interface Lane {
  name: string;
  /** Loops in this lane (jobs it runs at once); default 1. */
  concurrency?: number;
}

export interface JobRunnerOptions {
  db: () => Promise<Database>;
  /** In priority order: a loop claims from the first kind that has work for its lane. */
  kinds: JobKind<any>[];
  lanes?: Lane[];
  /** How long a claimed job stays ours without a heartbeat before others may reclaim it. */
  leaseSeconds?: number;
  /** How often to look for work queued by another process (or whose back-off ended). */
  pollMs?: number;
  maxAttempts?: number;
  /** Base of the exponential back-off before a transient failure's retry; default 1 s. */
  retryDelayMs?: number;
  log?: (line: string) => void;
}

export interface JobRunner {
  /** Wakes every loop now (a job was just queued). */
  notify(): void;
  /** Stops taking work; jobs in flight are aborted and handed back to the queue. */
  stop(): Promise<void>;
  /** Resolves when no loop has work: nothing claimable, running or backing off (tests, CLI). */
  idle(): Promise<void>;
}

const HEARTBEAT_MS = 500;

/**
 * The progress (heartbeat) and lock steps for one claimed job; the runner gives one to each
 * job it runs, and a tool that claims jobs itself (the eval's corpus loader) can use it too.
 */
export function jobContext(
  db: Database,
  table: JobTable,
  job: JobRow,
  opts: { leaseSeconds: number; lane?: string; signal?: AbortSignal; what?: string },
): JobContext & { renew(): Promise<void> } {
  const signal = opts.signal ?? new AbortController().signal;
  const lost = () => new JobLostError(opts.what ?? `Job ${table.key.map((k) => String(job[k])).join('/')} of ${table.table}`);
  let lastBeat = 0;
  let latest = 0;
  return {
    db,
    signal,
    lane: opts.lane ?? 'main',
    async progress(fraction, force = false) {
      signal.throwIfAborted();
      latest = Math.min(1, Math.max(0, fraction));
      const now = Date.now();
      if (!force && now - lastBeat < HEARTBEAT_MS) return;
      lastBeat = now;
      if (!(await heartbeatJob(db, table, job, latest, opts.leaseSeconds))) throw lost();
    },
    /** Extends the lease between progress reports (a slow stage must not lose its job); a lost job shows at its next report. */
    async renew() {
      lastBeat = Date.now();
      await heartbeatJob(db, table, job, latest, opts.leaseSeconds);
    },
    async lock(tx) {
      if (!(await lockJob(tx, table, job))) throw lost();
    },
  };
}

/**
 * The durable job runner: each lane's loops claim jobs (SKIP LOCKED + lease), run them with a
 * heartbeat, and apply the one retry rule (./retry.ts). Everything it knows lives in the
 * database, so a crash or restart loses no job: an expired lease makes it claimable again.
 */
export function startJobRunner(opts: JobRunnerOptions): JobRunner {
  const leaseSeconds = opts.leaseSeconds ?? 60;
  const pollMs = opts.pollMs ?? 2000;
  const retry = { maxAttempts: opts.maxAttempts ?? 3, retryDelayMs: opts.retryDelayMs ?? 1000 };
  const log = opts.log ?? ((line) => console.log(`[jobs] ${line}`));
  const lanes = opts.lanes ?? [{ name: 'main' }];
  let stopped = false;
  const wakers = new Set<() => void>();
  const running = new Set<AbortController>();
  const busy = new Set<number>();
  let idleWaiters: (() => void)[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  const wakeAll = () => [...wakers].forEach((wake) => wake());

  // A job row that keeps the request which queued it (documents.request_id) logs under its id.
  const runOne = (db: Database, kind: JobKind, job: JobRow, lane: string, prepared: unknown): Promise<void> =>
    withRequestId(typeof job.request_id === 'string' ? job.request_id : null, () => runClaimed(db, kind, job, lane, prepared));

  async function runClaimed(db: Database, kind: JobKind, job: JobRow, lane: string, prepared: unknown): Promise<void> {
    const controller = new AbortController();
    running.add(controller);
    const what = kind.describe(job);
    const ctx = jobContext(db, kind.table, job, { leaseSeconds, lane, signal: controller.signal, what });
    const renewal = setInterval(() => void ctx.renew().catch(() => undefined), (leaseSeconds * 1000) / 3);
    try {
      const summary = await kind.run(job, ctx, prepared);
      log(`${what} ${summary ?? 'done'}`);
    } catch (err) {
      if (err instanceof JobLostError) return;
      if (controller.signal.aborted || kind.requeueOn?.(err)) {
        await requeueJob(db, kind.table, job);
        return;
      }
      const releaseAfter = kind.releaseOn?.(err);
      if (releaseAfter != null) {
        log(`${what} waits ${releaseAfter} s for an upstream service: ${describeError(err)}`);
        await requeueJob(db, kind.table, job, releaseAfter, { uncount: true });
        return;
      }
      const decision = decideRetry(err, job.attempts, { ...retry, failed: kind.failed });
      if (decision.action === 'retry') {
        log(`${what} attempt ${job.attempts} failed, retrying in ${decision.delayMs} ms: ${decision.reason}`);
        await requeueJob(db, kind.table, job, decision.delayMs / 1000);
      } else {
        await failJob(db, kind.table, job, decision.reason, decision.retryable);
        log(`${what} failed: ${decision.reason}`);
      }
    } finally {
      clearInterval(renewal);
      running.delete(controller);
    }
  }

  /** One claim-and-run; true when it did work (or queued more) and should be called again at once. */
  async function step(db: Database, lane: string): Promise<boolean> {
    for (const kind of opts.kinds) {
      if (stopped) return false;
      const scope = await kind.scope(db, lane);
      if (!scope) continue;
      const job = await claimJob(db, kind.table, leaseSeconds, scope);
      if (job) {
        await runOne(db, kind, job, lane, scope.context);
        return true;
      }
      if (kind.whenEmpty && (await kind.whenEmpty(db))) return true;
    }
    return false;
  }

  /** Nothing to do now, and no job waiting out a back-off that this runner would take later. */
  async function settled(db: Database): Promise<boolean> {
    for (const kind of opts.kinds) if (await hasBackedOffJobs(db, kind.table)) return false;
    return busy.size === 0;
  }

  async function loop(lane: string, slot: number): Promise<void> {
    while (!stopped) {
      busy.add(slot);
      let worked = false;
      let db: Database | null = null;
      try {
        db = await opts.db();
        worked = await step(db, lane);
      } catch (err) {
        log(`${lane} lane error: ${describeError(err)}`);
      }
      if (worked) continue;
      busy.delete(slot);
      if (db && idleWaiters.length > 0 && (await settled(db).catch(() => true)) && busy.size === 0) {
        idleWaiters.forEach((resolve) => resolve());
        idleWaiters = [];
      }
      if (!stopped) await sleep(pollMs);
    }
  }

  let slot = 0;
  const loops = lanes.flatMap((lane) => Array.from({ length: lane.concurrency ?? 1 }, () => loop(lane.name, slot++)));

  return {
    notify: wakeAll,
    async stop() {
      stopped = true;
      running.forEach((controller) => controller.abort());
      wakeAll();
      await Promise.all(loops);
      idleWaiters.forEach((resolve) => resolve());
      idleWaiters = [];
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wakeAll();
      }),
  };
}
