import type { Database, Queryable, Transaction } from '@/db';
import { type NewChunk, replaceDocumentChunks } from '@/db/queries/chunks';
import { getEmbeddingIndexState } from '@/db/queries/embedding-index';
import type { EmbeddingSpace } from '@/db/queries/embedding-models';
import { getDocumentContent, markDocumentReady } from '@/db/queries/documents';
import { countEmbeddedChunks } from '../metrics';
import { JobLostError } from '../jobs';
import type { EmbeddingContext } from '../runtime';
import { embeddingText } from './chunk-context';
import { prepareDocument } from './prepare-thread';
import type { OcrSummary } from './types';

export interface PipelineOptions {
  chunkTokens: number;
  chunkOverlap: number;
  /** Texts per embedding call; the model's throughput is flat past ~32 on two cores. */
  batchSize: number;
  signal?: AbortSignal;
  /** Evaluation only (`npm run eval -- --profile mteb`): one chunk per document, which the embedder truncates to its maxTokens. */
  wholeDocument?: boolean;
  /** Embed and keyword-index each chunk with its title and heading path (default true; eval compares). */
  contextualChunks?: boolean;
}

/** What the job runner gives a stage: progress reports (heartbeats) and the final lock. */
export interface JobSteps {
  progress(fraction: number, force?: boolean): Promise<void>;
  lock(tx: Transaction): Promise<void>;
}

/** The document a job ingests or re-indexes. */
export interface JobDocument {
  id: string;
  mimeType: string;
  /** The stored file name: the title of a document whose content names none. */
  name?: string;
}

// Share of the progress bar each stage owns; embedding dominates the cost.
const PARSED = 0.1;
const CHUNKED = 0.15;
const EMBEDDED = 0.97;

/** Raised when the embedding space a job embedded into stopped being written to (a re-index switched spaces meanwhile). */
export class SpaceChangedError extends Error {
  constructor(space: string) {
    super(`The embedding space ${space} was replaced while a document was embedded into it; it is embedded again with the active model`);
  }
}

/**
 * Chunks may only go into the active space or the one a re-index is filling; any other
 * (the old space after a switch) would leave a document ready but unsearchable. Locks the
 * state row FOR SHARE, so a switch waits for this transaction or this one sees the switch.
 */
export async function assertSpaceWritable(tx: Queryable, space: EmbeddingSpace): Promise<void> {
  const { active, target } = await getEmbeddingIndexState(tx, 'share');
  if (active && active.id !== space.id && target?.id !== space.id) throw new SpaceChangedError(space.name);
}

export interface EmbeddedContent {
  chunks: NewChunk[];
  title: string | null;
  ocr: OcrSummary | null;
  warnings: string[];
}

/**
 * parse → chunk → embed for one document's bytes, reporting progress (0–EMBEDDED) as it goes.
 * Shared by ingestion and re-indexing; storing is the caller's.
 */
export async function embedContent(
  content: Uint8Array,
  mimeType: string,
  embedding: EmbeddingContext,
  opts: PipelineOptions,
  report: (progress: number, force?: boolean) => Promise<void>,
  documentName?: string,
): Promise<EmbeddedContent> {
  const { maxTokens } = embedding.embedder;
  // Parsing and chunking run in a worker thread (prepare-thread.ts): the server's thread only
  // awaits them, so requests are answered while a large document is read (short text excepted).
  const { chunks, title, ocr, warnings } = await prepareDocument(
    content,
    mimeType,
    embedding.embedder.tokenizer,
    {
      chunkTokens: opts.chunkTokens,
      chunkOverlap: opts.chunkOverlap,
      maxTokens,
      wholeDocument: opts.wholeDocument,
      contextualChunks: opts.contextualChunks,
      documentName,
    },
    {
      signal: opts.signal,
      // OCR runs page by page for minutes; its progress fills the parse share of the bar.
      onParseProgress: (done) => void report(PARSED * done).catch(() => undefined),
      onParsed: () => void report(PARSED, true).catch(() => undefined),
    },
  );
  await report(CHUNKED, true);

  const stored: NewChunk[] = [];
  for (let start = 0; start < chunks.length; start += opts.batchSize) {
    const batch = chunks.slice(start, start + opts.batchSize);
    const vectors = await embedding.embedder.embedDocuments(
      batch.map(embeddingText),
      opts.signal,
    );
    batch.forEach((c, i) => stored.push({ ...c, embedding: vectors[i] }));
    countEmbeddedChunks(batch.length);
    await report(CHUNKED + ((EMBEDDED - CHUNKED) * stored.length) / chunks.length);
    // Let requests queued meanwhile run before the next batch (the embedder's own await may
    // resolve as a microtask when its result is ready, never reaching the event loop).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { chunks: stored, title, ocr, warnings };
}

/**
 * parse → chunk → embed → store for one claimed document. The document turns `ready` in
 * the same transaction that makes its chunks visible, so it is never ready with chunks
 * missing, and a crash at any point leaves it reclaimable (its lease runs out).
 */
export async function ingestDocument(
  db: Database,
  embedding: EmbeddingContext,
  job: JobDocument,
  opts: PipelineOptions,
  steps: JobSteps,
): Promise<{ chunkCount: number }> {
  const content = await getDocumentContent(db, job.id);
  if (!content) throw new JobLostError(`Document ${job.id}`);
  const { chunks, title, ocr, warnings } = await embedContent(content, job.mimeType, embedding, opts, steps.progress, job.name);

  await db.transaction(async (tx) => {
    await assertSpaceWritable(tx, embedding.space);
    await steps.lock(tx);
    await replaceDocumentChunks(tx, job.id, embedding.space, chunks);
    await markDocumentReady(tx, job.id, { chunkCount: chunks.length, title, ocr, warnings });
  });
  return { chunkCount: chunks.length };
}
