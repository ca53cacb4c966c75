import { ensureIngestWorker } from '../ingest/background';

/** A run was just queued (its row is `queued`): wake this process's job runner to claim it now. */
export function startEvaluation(): void {
  ensureIngestWorker().notify();
}
