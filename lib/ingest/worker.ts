import type { Database } from '@/db';
import {
  claimNextReindexJob,
  type ClaimedReindexJob,
  getEmbeddingIndexState,
  markReindexJobFailed,
  requeueReindexJob,
} from '@/db/queries/embedding-index';
import { claimNextDocument, markDocumentFailed, releaseDocument, requeueDocument, type ClaimedJob } from '@/db/queries/ingest-jobs';
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import { EmbedderBusyError } from '../embeddings/openai';
import { describeError, isAppError } from '../errors';
import type { EmbeddingContext } from '../runtime';
import { log as logLine, withRequestId } from '../log';
import { loadSettings } from '../settings';
import { ingestDocument, JobLostError, SpaceChangedError } from './pipeline';
import { completeReindex, reindexDocument } from './reindex';

/** Re-indexing into a new embedding space (lib/embeddings/reindex.ts starts one). */
export interface ReindexDeps {
  /** The context of the re-index's target model (loads its embedder). */
  embedding: (model: string) => Promise<EmbeddingContext>;
  /**
   * Run when the worker starts, until it succeeds once: starts a re-index when the chosen
   * model (setting, or EMBEDDING_MODEL) is not the active one — e.g. after EMBEDDING_MODEL
   * was changed and the server restarted.
   */
  reconcile?: () => Promise<unknown>;
  /** Called after this worker made the re-index's model the active one. */
  onSwitch?: () => void;
}

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
  /** Called when a document could not be stored because the active embedding space changed (drop any cached context). */
  onSpaceChanged?: () => void;
  /** Also works on re-index jobs when set (after ingestion, which comes first). */
  reindex?: ReindexDeps;
  /** Base of the exponential back-off before a failed job's retry; default 1 s. */
  retryDelayMs?: number;
}

export interface IngestWorker {
  /** Wakes the worker now (a document was just queued). */
  notify(): void;
  /** Stops taking work; the job in flight is aborted and handed back to the queue. */
  stop(): Promise<void>;
  /** Resolves when no document (or re-index job) is queued or processing by this worker (tests, CLI). */
  idle(): Promise<void>;
}

const ANALYZE_INTERVAL_MS = 60_000;
let lastAnalyze = 0;

/**
 * PGlite runs no autovacuum: without this its planner keeps the row estimates of an empty
 * table and never uses the HNSW index, and keyword lookups scan the full-text index's whole
 * pending list (see refreshSearchStatistics). PostgreSQL's autovacuum does the same job there.
 * At most once a minute, and when the queue empties; ANALYZE samples rows.
 */
async function refreshPlannerStatistics(db: Database, force = false): Promise<void> {
  if (db.kind !== 'pglite' || (!force && Date.now() - lastAnalyze < ANALYZE_INTERVAL_MS)) return;
  lastAnalyze = Date.now();
  await refreshSearchStatistics(db);
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
  const retryDelayMs = deps.retryDelayMs ?? 1000;
  const log = deps.log ?? ((line) => logLine.info('ingest', line));
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

  /** Chunking from the current settings (they apply without a restart), and this worker's limits. */
  async function jobOptions(db: Database, signal: AbortSignal) {
    const settings = await loadSettings(db);
    return { chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: deps.batchSize ?? 32, leaseSeconds, signal };
  }

  async function runJob(db: Database, embedding: EmbeddingContext, job: ClaimedJob): Promise<void> {
    current = new AbortController();
    try {
      const { chunkCount } = await ingestDocument(db, embedding, job, await jobOptions(db, current.signal));
      log(`document ${job.id} ready: ${chunkCount} chunks`);
      await refreshPlannerStatistics(db);
    } catch (err) {
      if (err instanceof JobLostError) return;
      if (current.signal.aborted || err instanceof SpaceChangedError) {
        // A switch of embedding space meanwhile: embedded again, at once, with the new active model.
        if (err instanceof SpaceChangedError) deps.onSpaceChanged?.();
        await requeueDocument(db, job);
        return;
      }
      if (err instanceof EmbedderBusyError) {
        log(`document ${job.id} waits for the embeddings server: ${err.message}`);
        await releaseDocument(db, job);
        await sleep(retryDelayMs * 8);
        return;
      }
      if (isAppError(err) || job.attempts >= maxAttempts) {
        // An internal error's text (SQL, stack details) is logged, never shown on the document.
        const reason = isAppError(err)
          ? err.message
          : `Ingestion failed after ${job.attempts} attempts because of an internal error; retry it, and if it fails again, report the error logged for document ${job.id}.`;
        await markDocumentFailed(db, job, reason);
        log(`document ${job.id} failed: ${isAppError(err) ? reason : describeError(err)}`);
      } else {
        log(`document ${job.id} attempt ${job.attempts} failed, will retry: ${describeError(err)}`);
        await requeueDocument(db, job);
        await sleep(retryDelayMs * 2 ** job.attempts); // back off before the retry
      }
    } finally {
      current = null;
    }
  }

  async function runReindexJob(db: Database, embedding: EmbeddingContext, job: ClaimedReindexJob): Promise<void> {
    current = new AbortController();
    try {
      const { chunkCount } = await reindexDocument(db, embedding, job, await jobOptions(db, current.signal));
      log(`document ${job.id} re-indexed with ${embedding.space.name}: ${chunkCount} chunks`);
    } catch (err) {
      if (err instanceof JobLostError) return;
      if (current.signal.aborted) {
        await requeueReindexJob(db, job);
        return;
      }
      // The document was ingested once, so a 4xx AppError (its content) will not change on a
      // retry; an unreachable endpoint or model (5xx) or an unexpected fault may.
      const permanent = isAppError(err) && err.status < 500;
      if (permanent || job.attempts >= maxAttempts) {
        const reason = permanent
          ? describeError(err)
          : `Re-indexing failed after ${job.attempts} attempts: ${describeError(err)}`;
        await markReindexJobFailed(db, job, reason);
        log(`document ${job.id} could not be re-indexed: ${reason}`);
      } else {
        log(`document ${job.id} re-index attempt ${job.attempts} failed, will retry: ${describeError(err)}`);
        await requeueReindexJob(db, job);
        await sleep(retryDelayMs * 2 ** job.attempts);
      }
    } finally {
      current = null;
    }
  }

  let reconciled = !deps.reindex?.reconcile;
  let lastReindexError = '';
  const reindexProblem = (what: string, err: unknown) => {
    const message = `${what}: ${describeError(err)}`;
    if (message !== lastReindexError) log(message);
    lastReindexError = message;
  };

  /** One step of a re-index, if one is running; true when it did work and should be called again at once. */
  async function reindexStep(db: Database, reindex: ReindexDeps): Promise<boolean> {
    if (!reconciled) {
      try {
        await reindex.reconcile!();
        reconciled = true;
      } catch (err) {
        reindexProblem('could not apply the chosen embedding model', err);
      }
    }
    const { target } = await getEmbeddingIndexState(db);
    if (!target) return false;
    let embedding: EmbeddingContext;
    try {
      embedding = await reindex.embedding(target.name);
    } catch (err) {
      // Jobs stay queued until the new model loads (e.g. after models:fetch); status shows it.
      reindexProblem(`waiting for the embedding model ${target.name} to re-index`, err);
      return false;
    }
    if (embedding.space.id !== target.id) return false;
    lastReindexError = '';
    const job = await claimNextReindexJob(db, target.id, leaseSeconds);
    if (job) {
      await runReindexJob(db, embedding, job);
      return true;
    }
    const outcome = await completeReindex(db, target.id);
    if (outcome === 'switched') {
      log(`re-index complete: ${target.name} is now the active embedding model`);
      reindex.onSwitch?.();
      await refreshPlannerStatistics(db, true);
    }
    return outcome === 'queued';
  }

  let lastLoadError = '';
  const loop = (async () => {
    while (!stopped) {
      let job: ClaimedJob | null = null;
      let reindexed = false;
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
          if (job) await withRequestId(job.requestId, () => runJob(db, embedding, job!));
        }
        // New documents first; a re-index runs when there are none (even when the active
        // model cannot load: the re-index may be the way out).
        if (!job && deps.reindex && !stopped) reindexed = await reindexStep(db, deps.reindex);
      } catch (err) {
        log(`worker error: ${describeError(err)}`);
      }
      if (!job && !reindexed) {
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
