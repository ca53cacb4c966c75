import type { JobKind } from '../jobs';
import { runEvaluation } from './run';

/**
 * The `evaluate` job kind of the one job runner (lib/jobs): an evaluations row is its job, with
 * the runner's job columns (db/migrations/012_answer_traces.sql), so claim, lease, heartbeat
 * and the retry rule apply unchanged. Registered in startIngestWorker (lib/ingest/worker.ts).
 */
export const evaluateJobKind: JobKind<null> = {
  name: 'evaluate',
  table: { table: 'evaluations', key: ['id'], doneStatus: 'done' },
  failed: 'The evaluation failed',
  // The main lane, after ingestion and re-index: a run never holds up documents people wait for.
  scope: async (_db, lane) => (lane === 'main' ? { context: null } : null),
  describe: (job) => `evaluation ${String(job.id)}`,
  run: (job, ctx) => runEvaluation(String(job.id), ctx),
};
