/** Shapes that pass between the ingestion stages: parse → chunk → embed → store. */

/** A structural piece of a parsed document, in reading order. */
export interface ParsedBlock {
  kind: 'heading' | 'paragraph' | 'list' | 'table' | 'code';
  text: string;
  /** 1-based page for paged formats (PDF), null otherwise. */
  page: number | null;
  /** Headings above this block, outermost first; for a heading block, its own ancestors. */
  headingPath: string[];
  /** 1..6 for heading blocks. */
  level?: number;
}

export interface ParsedDocument {
  /** A title from the document's own metadata or first heading; null when it has none. */
  title: string | null;
  blocks: ParsedBlock[];
  /** Pages in a paged format, null otherwise. */
  pageCount: number | null;
  /** Non-fatal notes for the user (e.g. "page 3 has no text layer; OCR is not supported"). */
  warnings: string[];
}

/** Formats Docent ingests, by canonical MIME type. */
export type SupportedMimeType =
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'text/html'
  | 'text/markdown'
  | 'text/plain'
  | 'text/csv';

export interface Chunk {
  ordinal: number;
  text: string;
  tokenCount: number;
  page: number | null;
  headingPath: string[];
}

// The tokenizer belongs to the embedder (lib/embeddings/types.ts); re-exported for the stages.
export type { Tokenizer } from '../embeddings/types';
