import type { Database } from '@/db';
import { replaceDocumentChunks } from '@/db/queries/chunks';
import { getDocumentContent } from '@/db/queries/documents';
import {
  activateTarget,
  applyReindexChunkCounts,
  type ClaimedReindexJob,
  countReindexJobs,
  deleteChunksOutsideSpace,
  deleteReindexJobs,
  enqueueReindexJobs,
  getEmbeddingIndexState,
  heartbeatReindexJob,
  lockClaimedReindexJob,
  markReindexJobDone,
} from '@/db/queries/embedding-index';
import type { EmbeddingContext } from '../runtime';
import { embedContent, JobLostError, type PipelineOptions, throttledReporter } from './pipeline';

/**
 * Re-indexing one document into the target space: its stored bytes are parsed again, chunked
 * with the new model's tokenizer, embedded with the new model, and stored under the new space,
 * which search does not read until the whole re-index completes (completeReindex).
 */
export async function reindexDocument(
  db: Database,
  embedding: EmbeddingContext,
  job: ClaimedReindexJob,
  opts: Omit<PipelineOptions, 'wholeDocument'>,
): Promise<{ chunkCount: number }> {
  if (embedding.space.id !== job.spaceId) throw new Error(`Re-index job for space ${job.spaceId} given the embedder of ${embedding.space.name}`);
  const report = throttledReporter(
    opts.signal,
    (progress) => heartbeatReindexJob(db, job, progress, opts.leaseSeconds),
    () => new JobLostError(job.id),
  );
  const content = await getDocumentContent(db, job.id);
  if (!content) throw new JobLostError(job.id);
  const { chunks } = await embedContent(content, job.mimeType, embedding, opts, report, job.name);

  await db.transaction(async (tx) => {
    // Cancelled or replaced by another target meanwhile: the work is dropped, not stored.
    const { target } = await getEmbeddingIndexState(tx, 'share');
    if (target?.id !== job.spaceId) throw new JobLostError(job.id);
    if (!(await lockClaimedReindexJob(tx, job))) throw new JobLostError(job.id);
    await replaceDocumentChunks(tx, job.id, embedding.space, chunks);
    await markReindexJobDone(tx, job, chunks.length);
  });
  return { chunkCount: chunks.length };
}

/**
 * - `switched`: every ready document was in the new space; it is now active and the old chunks are gone.
 * - `queued`: ready documents without a job were found (uploaded during the re-index) and queued.
 * - `pending`: jobs are queued or in progress (perhaps in another process).
 * - `blocked`: only failed jobs are left; the admin retries them, deletes those documents, or cancels.
 * - `changed`: the re-index was cancelled or retargeted meanwhile.
 */
export type CompletionOutcome = 'switched' | 'queued' | 'pending' | 'blocked' | 'changed';

/**
 * The switch, all in one transaction holding the state row FOR UPDATE (chunk writers hold it
 * FOR SHARE, so none commits halfway through): make sure no ready document lacks a finished
 * job, then make the target active, give documents their new chunk counts, and delete every
 * chunk of any other space. Search sees either the old index or the new one, never both.
 */
export async function completeReindex(db: Database, spaceId: number): Promise<CompletionOutcome> {
  return db.transaction(async (tx) => {
    const { target } = await getEmbeddingIndexState(tx, 'update');
    if (target?.id !== spaceId) return 'changed';
    if ((await enqueueReindexJobs(tx, spaceId)) > 0) return 'queued';
    const counts = await countReindexJobs(tx, spaceId);
    if (counts.pending > 0) return 'pending';
    if (counts.failed > 0) return 'blocked';
    await applyReindexChunkCounts(tx, spaceId);
    await deleteChunksOutsideSpace(tx, spaceId);
    await activateTarget(tx, spaceId);
    await deleteReindexJobs(tx, spaceId);
    return 'switched';
  });
}
