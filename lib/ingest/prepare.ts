import { AppError } from '../errors';
import { chunkDocument, wholeDocumentChunk } from './chunk';
import { chunkContext, CONTEXT_TOKENS, documentTitle } from './chunk-context';
import { parseDocument } from './parse';
import type { Chunk, OcrSummary, SupportedMimeType, Tokenizer } from './types';

/** How a document is cut into chunks: the pipeline's settings and the embedder's window. */
export interface PrepareOptions {
  chunkTokens: number;
  chunkOverlap: number;
  /** Longest input the embedder attends to, in tokens. */
  maxTokens: number;
  /** Evaluation only: one chunk per document (lib/ingest/pipeline.ts). */
  wholeDocument?: boolean;
  contextualChunks?: boolean;
  /** The stored file name: the title of a document whose content names none. */
  documentName?: string;
}

export type PreparedChunk = Chunk & { context: string };

/** What parse + chunk hand to embedding: plain data, so it crosses from the parse worker as is. */
export interface PreparedContent {
  chunks: PreparedChunk[];
  title: string | null;
  ocr: OcrSummary | null;
  /** What the parser skipped or capped, shown on the document (e.g. Word's hidden text). */
  warnings: string[];
}

export interface PrepareSteps {
  /** Share (0–1) of the slow part of parsing done (OCR pages). */
  onParseProgress?: (fraction: number) => void;
  /** Parsing finished; chunking starts. */
  onParsed?: () => void;
}

/**
 * parse → chunk for one document's bytes. Pure CPU work with no database or model: it runs in
 * the parse worker (prepare-thread.ts), never on the server's thread.
 */
export async function prepareContent(
  bytes: Uint8Array,
  mimeType: string,
  tokenizer: Tokenizer,
  opts: PrepareOptions,
  steps: PrepareSteps = {},
): Promise<PreparedContent> {
  const parsed = await parseDocument(bytes, mimeType as SupportedMimeType, { onProgress: steps.onParseProgress });
  steps.onParsed?.();
  // Only documents with headings get a context: on SciFact (titled abstracts, no headings) a
  // title-only context cost 0.004 nDCG@10 hybrid on the train split (docs/benchmarks.md).
  const contextual = opts.contextualChunks !== false && parsed.blocks.some((b) => b.kind === 'heading');
  const title = documentTitle(parsed.title, opts.documentName);
  const chunks = (
    opts.wholeDocument
      ? wholeDocumentChunk(parsed, tokenizer)
      : chunkDocument(parsed, tokenizer, {
          // A chunk longer than the model attends to would lose its tail silently; the context needs room too.
          chunkTokens: Math.min(opts.chunkTokens, opts.maxTokens - (contextual ? CONTEXT_TOKENS + 2 : 0)),
          overlapTokens: opts.chunkOverlap,
        })
  ).map((c) => ({ ...c, context: contextual ? chunkContext(title, c.headingPath, tokenizer) : '' }));
  if (chunks.length === 0) {
    throw new AppError('no_text', 'No text could be extracted from this file; check that it is not empty or scanned.', 422);
  }
  return { chunks, title: parsed.title, ocr: parsed.ocr ?? null, warnings: parsed.warnings };
}
