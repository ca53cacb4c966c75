import { ensureAdminFromEnvironment } from './auth/accounts';
import { activeWork, drain } from './drain';
import { env } from './env';
import { describeError } from './errors';
import { ensureIngestWorker } from './ingest/background';
import { requeueInterruptedJobs } from './ingest/worker';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from './runtime';

/**
 * Runs once when the Next.js server starts (instrumentation.ts): migrate, recover documents a
 * crash left mid-ingestion, start the ingestion worker, and warm the embedder in the
 * background so the first search does not pay for loading it.
 */
export async function startServerRuntime(): Promise<void> {
  const db = await getDatabase();
  if (db.kind === 'pglite') {
    const { documents, reindex } = await requeueInterruptedJobs(db);
    if (documents > 0) console.log(`[ingest] re-queued ${documents} document(s) interrupted by the last shutdown`);
    if (reindex > 0) console.log(`[ingest] re-queued ${reindex} re-index job(s) interrupted by the last shutdown`);
  }
  await ensureAdminFromEnvironment(db).catch((err) => console.error(`[auth] ${describeError(err)}`));
  ensureIngestWorker();
  getEmbeddingContext().catch((err) => console.warn(`[embedder] not ready: ${describeError(err)}`));

  handleShutdownSignals();
}

/**
 * SIGTERM/SIGINT: refuse new requests (503, so a load balancer moves on), let running requests
 * and answer streams finish within SHUTDOWN_GRACE_SECONDS, hand the document being ingested
 * back to the queue, close the database, exit 0. Next.js's own handler would close the server
 * and exit with 143 without waiting for our streams or our database, so it is replaced: npm
 * start sets NEXT_MANUAL_SIG_HANDLE so Next never registers it, and under a bare `next start`
 * (which registers it before this hook runs) it is removed here.
 */
function handleShutdownSignals(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.removeAllListeners(signal);
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
