import { requeueAllProcessing } from '@/db/queries/ingest-jobs';
import { ensureAdminFromEnvironment } from './auth/accounts';
import { activeWork, drain } from './drain';
import { env } from './env';
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
  await ensureAdminFromEnvironment(db).catch((err) => console.error(`[auth] ${describeError(err)}`));
  ensureIngestWorker();
  getEmbeddingContext().catch((err) => console.warn(`[embedder] not ready: ${describeError(err)}`));

  handleShutdownSignals();
}

/**
 * SIGTERM/SIGINT: refuse new requests (503, so a load balancer moves on), let running requests
 * and answer streams finish within SHUTDOWN_GRACE_SECONDS, hand the document being ingested
 * back to the queue, close the database, exit 0. Next.js's own handler would exit at once with
 * 143, so it is switched off (NEXT_MANUAL_SIG_HANDLE; read after this hook has run).
 */
function handleShutdownSignals(): void {
  process.env.NEXT_MANUAL_SIG_HANDLE = 'true';
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = env().SHUTDOWN_GRACE_SECONDS * 1000;
    console.log(`[server] ${signal}: finishing ${activeWork()} request(s) in flight (up to ${graceMs / 1000} s), then stopping`);
    const finished = await drain(graceMs);
    if (!finished) console.warn(`[server] ${activeWork()} request(s) still running after the grace period; stopping anyway`);
    await shutdownRuntime().catch((err) => console.error(`[server] shutdown: ${describeError(err)}`));
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
}
