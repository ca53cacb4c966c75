import { requeueAllProcessing } from '@/db/queries/ingest-jobs';
import { describeError } from './errors';
import { ensureIngestWorker } from './ingest/background';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from './runtime';

/**
 * Runs once when the Next.js server starts (instrumentation.ts): migrate, recover documents a
 * crash left mid-ingestion, start the ingestion worker, and warm the embedder in the
 * background so the first search does not pay for loading it.
 */
export async function startServerRuntime(): Promise<void> {
  const db = await getDatabase();
  if (db.kind === 'pglite') {
    const recovered = await requeueAllProcessing(db);
    if (recovered > 0) console.log(`[ingest] re-queued ${recovered} document(s) interrupted by the last shutdown`);
  }
  ensureIngestWorker();
  getEmbeddingContext().catch((err) => console.warn(`[embedder] not ready: ${describeError(err)}`));

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      // Hand the in-flight document back to the queue and close the database cleanly.
      shutdownRuntime()
        .catch((err) => console.error(`[server] shutdown: ${describeError(err)}`))
        .finally(() => process.exit(0));
    });
  }
}
