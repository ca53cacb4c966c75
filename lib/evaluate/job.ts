import type { Database, Transaction } from '@/db';
import { setEvaluationState } from '@/db/queries/evaluations';
import { describeError } from '../errors';
import { getDatabase } from '../runtime';
import { runEvaluation } from './run';

/**
 * The `evaluate` job kind for the one job runner (lib/jobs, built in parallel on another
 * branch). To wire it: add `evaluateJobKind` to `jobKinds()` in lib/jobs/server.ts, and in
 * startEvaluation below replace the in-process start with `notifyJobs()`. Its table carries the
 * runner's job columns (db/migrations/012_answer_traces.sql), so claim, lease, heartbeat and the
 * retry rule apply unchanged; `runEvaluation` takes the runner's JobContext as it is.
 */
export const evaluateJobKind = {
  name: 'evaluate',
  table: { table: 'evaluations', key: ['id'], doneStatus: 'done' },
  failed: 'The evaluation failed',
  // The main lane, after ingestion: a run never holds up documents people are waiting for.
  scope: async (_db: Database, lane: string) => (lane === 'main' ? { context: null } : null),
  describe: (job: Record<string, unknown>) => `evaluation ${String(job.id)}`,
  run: (job: Record<string, unknown>, ctx: Parameters<typeof runEvaluation>[1]) => runEvaluation(String(job.id), ctx),
};

/**
 * Until the runner lands on this branch: runs the evaluation in this process at once, with
 * the same context shape (progress stored, row locked for the final write). Not durable — a
 * restart leaves the run `processing`; the runner's lease reclaim fixes that once wired.
 */
export function startEvaluation(id: string): void {
  void (async () => {
    const db = await getDatabase();
    await setEvaluationState(db, id, { status: 'processing' });
    const ctx = {
      db,
      signal: new AbortController().signal,
      progress: (fraction: number) => setEvaluationState(db, id, { progress: fraction }),
      lock: async (tx: Transaction) => {
        await tx.query('SELECT 1 FROM evaluations WHERE id = $1 FOR UPDATE', [id]);
      },
    };
    try {
      await runEvaluation(id, ctx);
    } catch (err) {
      console.error(`[evaluate] evaluation ${id} failed: ${describeError(err)}`);
      await setEvaluationState(db, id, { status: 'failed', error: `The evaluation failed: ${describeError(err)}. Check the server log, then run it again.` });
    }
  })();
}
