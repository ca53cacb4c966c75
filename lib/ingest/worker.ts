import type { Database } from '@/db';
import { DOCUMENT_JOBS } from '@/db/queries/documents';
import { requeueAllProcessingJobs } from '@/db/queries/jobs';
import { REINDEX_JOBS } from '@/db/queries/reindex-jobs';
import { type JobKind, type JobRunner, type Lane, startJobRunner } from '../jobs';
import { type ReindexDeps, reindexKind } from '../reindex/job';
import type { EmbeddingContext } from '../runtime';
import { evaluateJobKind } from '../evaluate/job';
import { log as logLine } from '../log';
import { ingestKind } from './job';
import { keepParseWorkers } from './prepare-thread';

export type { ReindexDeps };

export interface WorkerDeps {
  db: () => Promise<Database>;
  embedding: () => Promise<EmbeddingContext>;
  /** How long a claimed document stays ours without a heartbeat before others may reclaim it. */
  leaseSeconds?: number;
  /** How often to look for work queued by another process. */
  pollMs?: number;
  maxAttempts?: number;
  /** Texts per embedding call, shared by the documents in flight. */
  batchSize?: number;
  log?: (line: string) => void;
  /** Called when a document could not be stored because the active embedding space changed (drop any cached context). */
  onSpaceChanged?: () => void;
  /** Also works on re-index jobs when set (after ingestion, which comes first). */
  reindex?: ReindexDeps;
  /** Base of the exponential back-off before a failed job's retry; default 1 s. */
  retryDelayMs?: number;
  /** Jobs the small-files lane runs at once (their embeddings share calls); default 3, 0 for none. */
  smallFileConcurrency?: number;
  /** Largest file the small-files lane takes; default SMALL_FILE_BYTES (lib/ingest/job.ts). */
  smallFileBytes?: number;
}

export type IngestWorker = JobRunner;

/**
 * The background worker: the job runner (lib/jobs/) with the `ingest` and `reindex` kinds.
 * Two lanes: `main` takes any document (then re-index jobs), `small` takes only small files,
 * several at once, so a one-page note is ready in seconds while a large document ingests.
 * The documents in flight share embedding calls (embed-batcher.ts).
 */
export function startIngestWorker(deps: WorkerDeps): IngestWorker {
  const log = deps.log ?? ((line) => logLine.info('ingest', line));
  const batchSize = deps.batchSize ?? 32;
  const kinds: JobKind<any>[] = [ingestKind({ embedding: deps.embedding, batchSize, log, onSpaceChanged: deps.onSpaceChanged, smallFileBytes: deps.smallFileBytes })];
  if (deps.reindex) kinds.push(reindexKind(deps.reindex, { batchSize, log }));
  kinds.push(evaluateJobKind);
  const lanes: Lane[] = [
    { name: 'main', concurrency: 1 },
    { name: 'small', concurrency: deps.smallFileConcurrency ?? 3 },
  ];
  keepParseWorkers(lanes.reduce((sum, lane) => sum + (lane.concurrency ?? 1), 0));
  return startJobRunner({
    db: deps.db,
    kinds,
    lanes,
    leaseSeconds: deps.leaseSeconds,
    pollMs: deps.pollMs,
    maxAttempts: deps.maxAttempts,
    retryDelayMs: deps.retryDelayMs,
    log,
  });
}

/**
 * At start on a database this process owns alone (PGlite): hands every job a crash left
 * `processing` back to the queue at once rather than after its lease (see requeueAllProcessingJobs).
 */
export async function requeueInterruptedJobs(db: Database): Promise<{ documents: number; reindex: number }> {
  return { documents: await requeueAllProcessingJobs(db, DOCUMENT_JOBS), reindex: await requeueAllProcessingJobs(db, REINDEX_JOBS) };
}
