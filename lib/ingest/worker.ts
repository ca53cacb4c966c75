import type { Database } from '@/db';
import { claimNextDocument, markDocumentFailed, requeueDocument, type ClaimedJob } from '@/db/queries/ingest-jobs';
import { describeError, isAppError } from '../errors';
import type { EmbeddingContext } from '../runtime';
import { loadSettings } from '../settings';
import { ingestDocument, JobLostError } from './pipeline';

export interface WorkerDeps {
  db: () => Promise<Database>;
  embedding: () => Promise<EmbeddingContext>;
  /** How long a claimed document stays ours without a heartbeat before others may reclaim it. */
  leaseSeconds?: number;
  /** How often to look for work queued by another process. */
  pollMs?: number;
  maxAttempts?: number;
  batchSize?: number;
  log?: (line: string) => void;
}

export interface IngestWorker {
  /** Wakes the worker now (a document was just queued). */
  notify(): void;
  /** Stops taking work; the job in flight is aborted and handed back to the queue. */
  stop(): Promise<void>;
  /** Resolves when no document is queued or processing by this worker (tests, CLI). */
  idle(): Promise<void>;
}

const ANALYZE_INTERVAL_MS = 60_000;
let lastAnalyze = 0;

/**
 * PGlite runs no autovacuum, so without this its planner keeps the row estimates of an empty
 * table, joins chunks by nested loop and never uses the HNSW index (seen in the search bench).
 * PostgreSQL's autovacuum does the same job there. At most once a minute; ANALYZE samples rows.
 */
async function refreshPlannerStatistics(db: Database): Promise<void> {
  if (db.kind !== 'pglite' || Date.now() - lastAnalyze < ANALYZE_INTERVAL_MS) return;
  lastAnalyze = Date.now();
  await db.exec('ANALYZE documents; ANALYZE chunks;');
}

/**
 * The background ingestion loop: one document at a time per process (embedding already uses
 * both cores), claimed from the documents table. Failures the user can act on (AppError) fail
 * the document at once; other faults are retried up to maxAttempts, then fail it.
 */
export function startIngestWorker(deps: WorkerDeps): IngestWorker {
  const leaseSeconds = deps.leaseSeconds ?? 60;
  const pollMs = deps.pollMs ?? 2000;
  const maxAttempts = deps.maxAttempts ?? 3;
  const log = deps.log ?? ((line) => console.log(`[ingest] ${line}`));
  let stopped = false;
  let wake: (() => void) | null = null;
  let current: AbortController | null = null;
  let idleWaiters: (() => void)[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function runJob(db: Database, embedding: EmbeddingContext, job: ClaimedJob): Promise<void> {
    current = new AbortController();
    try {
      const settings = await loadSettings(db);
      const { chunkCount } = await ingestDocument(db, embedding, job, {
        chunkTokens: settings.chunkTokens,
        chunkOverlap: settings.chunkOverlap,
        batchSize: deps.batchSize ?? 32,
        leaseSeconds,
        signal: current.signal,
      });
      log(`document ${job.id} ready: ${chunkCount} chunks`);
      await refreshPlannerStatistics(db);
    } catch (err) {
      if (err instanceof JobLostError) return;
      if (current.signal.aborted) {
        await requeueDocument(db, job);
        return;
      }
      if (isAppError(err) || job.attempts >= maxAttempts) {
        const reason = isAppError(err)
          ? err.message
          : `Ingestion failed after ${job.attempts} attempts: ${describeError(err)}. Check the server log, then retry.`;
        await markDocumentFailed(db, job, reason);
        log(`document ${job.id} failed: ${reason}`);
      } else {
        log(`document ${job.id} attempt ${job.attempts} failed, will retry: ${describeError(err)}`);
        await requeueDocument(db, job);
        await sleep(1000 * 2 ** job.attempts); // back off before the retry
      }
    } finally {
      current = null;
    }
  }

  let lastLoadError = '';
  const loop = (async () => {
    while (!stopped) {
      let job: ClaimedJob | null = null;
      try {
        const db = await deps.db();
        // Without an embedder (model not provisioned yet) documents stay queued rather than
        // failing: they are ingested as soon as the model is there. Health says what is missing.
        const embedding = await deps.embedding().catch((err: unknown) => {
          const message = describeError(err);
          if (message !== lastLoadError) log(`waiting for the embedding model: ${message}`);
          lastLoadError = message;
          return null;
        });
        if (embedding) {
          lastLoadError = '';
          job = await claimNextDocument(db, leaseSeconds);
          if (job) await runJob(db, embedding, job);
        }
      } catch (err) {
        log(`worker error: ${describeError(err)}`);
      }
      if (!job) {
        idleWaiters.forEach((resolve) => resolve());
        idleWaiters = [];
        if (!stopped) await sleep(pollMs);
      }
    }
  })();

  return {
    notify: () => wake?.(),
    async stop() {
      stopped = true;
      current?.abort();
      wake?.();
      await loop;
      idleWaiters.forEach((resolve) => resolve());
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      }),
  };
}
