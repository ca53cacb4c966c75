import type { Database } from '@/db';
import { replaceDocumentChunks } from '@/db/queries/chunks';
import { getDocumentContent, getDocumentMimeType, getDocumentName, lockReadyDocument } from '@/db/queries/documents';
import { activateTarget, deleteChunksOutsideSpace, getEmbeddingIndexState } from '@/db/queries/embedding-index';
import {
  applyReindexChunkCounts,
  countReindexJobs,
  deleteReindexJobs,
  enqueueReindexJobs,
  markReindexJobDone,
} from '@/db/queries/reindex-jobs';
import { embedContent, type JobSteps, type PipelineOptions } from '../ingest/pipeline';
import { JobLostError } from '../jobs';
import type { EmbeddingContext } from '../runtime';

/** One re-index job: a document and the space it is re-embedded into. */
export interface ReindexTask {
  documentId: string;
  spaceId: number;
}

/**
 * Re-indexing one document into the target space: its stored bytes are parsed again, chunked
 * with the new model's tokenizer, embedded with the new model, and stored under the new space,
 * which search does not read until the whole re-index completes (completeReindex).
 */
export async function reindexDocument(
  db: Database,
  embedding: EmbeddingContext,
  job: ReindexTask,
  opts: Omit<PipelineOptions, 'wholeDocument'>,
  steps: JobSteps,
): Promise<{ chunkCount: number }> {
  if (embedding.space.id !== job.spaceId) throw new Error(`Re-index job for space ${job.spaceId} given the embedder of ${embedding.space.name}`);
  const lost = () => new JobLostError(`Re-index of document ${job.documentId}`);
  const content = await getDocumentContent(db, job.documentId);
  const mimeType = await getDocumentMimeType(db, job.documentId);
  if (!content || !mimeType) throw lost();
  const { chunks } = await embedContent(content, mimeType, embedding, opts, steps.progress, (await getDocumentName(db, job.documentId)) ?? undefined);

  await db.transaction(async (tx) => {
    // Cancelled or replaced by another target meanwhile: the work is dropped, not stored.
    const { target } = await getEmbeddingIndexState(tx, 'share');
    if (target?.id !== job.spaceId) throw lost();
    await steps.lock(tx);
    if (!(await lockReadyDocument(tx, job.documentId))) throw lost();
    await replaceDocumentChunks(tx, job.documentId, embedding.space, chunks);
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
