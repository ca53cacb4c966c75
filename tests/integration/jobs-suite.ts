import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { claimJob, heartbeatJob, type JobTable, lockJob } from '@/db/queries/jobs';
import { AppError } from '@/lib/errors';
import { type JobKind, JobLostError, startJobRunner } from '@/lib/jobs';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

/**
 * The job runner (lib/jobs/) on a real database: claims, leases, heartbeats, the retry rule and
 * kinds. The jobs live in a table made here with the job columns, as a new kind's would
 * (lib/jobs/index.ts says how). Run on PGlite and on PostgreSQL (jobs.*.test.ts).
 */
const TABLE: JobTable = { table: 'test_jobs', key: ['id'], doneStatus: 'done' };
const OTHER: JobTable = { table: 'test_other_jobs', key: ['id'], doneStatus: 'done' };

const jobTable = (name: string) => `
  CREATE TABLE ${name} (
    id serial PRIMARY KEY, task text NOT NULL, result text,
    status text NOT NULL DEFAULT 'queued', progress real NOT NULL DEFAULT 0, attempts integer NOT NULL DEFAULT 0,
    lease_expires_at timestamptz, run_after timestamptz, claimed_at timestamptz,
    retryable boolean NOT NULL DEFAULT true, error text,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(), updated_at timestamptz NOT NULL DEFAULT now())`;

type Row = { id: number; status: string; attempts: number; error: string | null; retryable: boolean; result: string | null; progress: number };

/** A kind whose job does what its `task` says: `ok`, `fail-422`, `fail-503-until-3`, `crash`. */
function testKind(table: JobTable, ran: string[]): JobKind<null> {
  return {
    name: table.table,
    table,
    failed: 'Test job failed',
    describe: (job) => `job ${String(job.id)}`,
    scope: async (_db, lane) => (lane === 'main' ? { context: null } : null),
    async run(job, ctx) {
      const task = String(job.task);
      ran.push(`${table.table}:${task}`);
      await ctx.progress(0.5, true);
      if (task === 'fail-422') throw new AppError('bad_input', 'The input is wrong; fix it.', 422);
      if (task === 'fail-503-until-3' && job.attempts < 3) throw new AppError('upstream_down', 'The endpoint is down.', 503);
      if (task === 'crash') throw new Error('unexpected fault');
      await ctx.db.transaction(async (tx) => {
        await ctx.lock(tx);
        await tx.query(`UPDATE ${table.table} SET status = 'done', progress = 1, result = $2 WHERE id = $1`, [job.id, `done on attempt ${job.attempts}`]);
      });
    },
  };
}

export function defineJobsSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  describe(`job runner on ${kind}`, () => {
    let drop: () => Promise<void>;
    let db: Database;
    const row = async (id: number) => (await db.query<Row>(`SELECT * FROM test_jobs WHERE id = $1`, [id])).rows[0];
    const enqueue = async (task: string, table = 'test_jobs') =>
      (await db.query<{ id: number }>(`INSERT INTO ${table} (task) VALUES ($1) RETURNING id`, [task])).rows[0].id;

    beforeAll(async () => {
      drop = await useFreshDatabase(kind, baseUrl);
      db = await getDatabase();
      await db.exec(`${jobTable('test_jobs')}; ${jobTable('test_other_jobs')}`);
    });
    afterAll(async () => {
      await shutdownRuntime();
      await drop?.();
    });

    it('never gives one job to two claimers, and leases what it gives', async () => {
      await db.query('DELETE FROM test_jobs');
      const ids = [await enqueue('a'), await enqueue('b'), await enqueue('c')];
      const claims = await Promise.all([0, 1, 2, 3].map(() => claimJob(db, TABLE, 60)));
      const claimed = claims.filter((c) => c !== null).map((c) => c!.id);
      expect(claimed.sort()).toEqual(ids.sort());
      for (const id of ids) expect(await row(id)).toMatchObject({ status: 'processing', attempts: 1 });
      // Leased: nobody else may take them until the lease runs out.
      expect(await claimJob(db, TABLE, 60)).toBeNull();
    });

    it('reclaims a job whose lease ran out, and the old holder learns it lost the job', async () => {
      await db.query('DELETE FROM test_jobs');
      const id = await enqueue('a');
      const first = (await claimJob(db, TABLE, 60))!;
      expect(await heartbeatJob(db, TABLE, first, 0.4, 60)).toBe(true);
      expect((await row(id)).progress).toBeCloseTo(0.4);
      // The holder died: its lease expires and another process reclaims the job.
      await db.query(`UPDATE test_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      const second = (await claimJob(db, TABLE, 60))!;
      expect(second).toMatchObject({ id, attempts: 2 });
      expect(await heartbeatJob(db, TABLE, first, 0.9, 60)).toBe(false);
      expect(await db.transaction((tx) => lockJob(tx, TABLE, first))).toBe(false);
      expect(await db.transaction((tx) => lockJob(tx, TABLE, second))).toBe(true);
    });

    it('a heartbeat extends the lease', async () => {
      await db.query('DELETE FROM test_jobs');
      const id = await enqueue('a');
      const job = (await claimJob(db, TABLE, 1))!;
      await db.query(`UPDATE test_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      expect(await heartbeatJob(db, TABLE, job, 0.2, 60)).toBe(true);
      expect(await claimJob(db, TABLE, 60)).toBeNull();
    });

    it('applies one retry rule: a 4xx fails at once (not retryable), a 5xx backs off and retries, other faults fail retryable after the last attempt', async () => {
      await db.query('DELETE FROM test_jobs');
      const userError = await enqueue('fail-422');
      const outage = await enqueue('fail-503-until-3');
      const crash = await enqueue('crash');
      const ran: string[] = [];
      const logs: string[] = [];
      const runner = startJobRunner({ db: async () => db, kinds: [testKind(TABLE, ran)], pollMs: 20, retryDelayMs: 300, maxAttempts: 3, log: (l) => logs.push(l) });
      try {
        // The back-off is durable: after the first failure the job waits in the table, not in memory.
        const waiting = await waitFor(async () => {
          const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM test_jobs WHERE id = $1 AND status = 'queued' AND run_after > now()`, [outage]);
          return r.rows[0].n === 1;
        }, 30_000, 'the outage job to back off');
        expect(waiting).toBe(true);
        await runner.idle();
      } finally {
        await runner.stop();
      }
      expect(await row(userError)).toMatchObject({ status: 'failed', attempts: 1, retryable: false, error: 'The input is wrong; fix it.' });
      expect(await row(outage)).toMatchObject({ status: 'done', attempts: 3, result: 'done on attempt 3', retryable: true });
      expect(await row(crash)).toMatchObject({ status: 'failed', attempts: 3, retryable: true });
      expect((await row(crash)).error).toMatch(/^Test job failed after 3 attempts because of an internal error; retry it/);
      expect(ran.filter((t) => t.endsWith('fail-422'))).toHaveLength(1);
    });

    it('takes kinds in priority order, and none a kind has no scope for', async () => {
      await db.query('DELETE FROM test_jobs');
      await db.query('DELETE FROM test_other_jobs');
      await enqueue('ok', 'test_other_jobs');
      await enqueue('ok', 'test_other_jobs');
      await enqueue('ok');
      const ran: string[] = [];
      const unscoped: JobKind<null> = { ...testKind(TABLE, ran), name: 'parked', scope: async () => null };
      const first = startJobRunner({ db: async () => db, kinds: [unscoped, testKind(OTHER, ran)], pollMs: 20, log: () => undefined });
      await first.idle();
      await first.stop();
      expect(ran).toEqual(['test_other_jobs:ok', 'test_other_jobs:ok']);
      expect((await db.query(`SELECT 1 FROM test_jobs WHERE status = 'queued'`)).rows).toHaveLength(1);

      await enqueue('ok', 'test_other_jobs');
      ran.length = 0;
      const second = startJobRunner({ db: async () => db, kinds: [testKind(TABLE, ran), testKind(OTHER, ran)], pollMs: 20, log: () => undefined });
      await second.idle();
      await second.stop();
      expect(ran).toEqual(['test_jobs:ok', 'test_other_jobs:ok']);
    });

    it('a stopped runner hands its job in flight back to the queue', async () => {
      await db.query('DELETE FROM test_jobs');
      const id = await enqueue('slow');
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const slow: JobKind<null> = {
        ...testKind(TABLE, []),
        async run(_job, ctx) {
          started();
          for (;;) {
            await new Promise((r) => setTimeout(r, 20));
            await ctx.progress(0.1, true);
          }
        },
      };
      const runner = startJobRunner({ db: async () => db, kinds: [slow], pollMs: 20, log: () => undefined });
      await running;
      await runner.stop();
      expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1 });
      expect(new JobLostError('x').message).toMatch(/taken over/);
    });
  });
}
