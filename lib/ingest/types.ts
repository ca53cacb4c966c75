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
  /** Non-fatal notes for the user (e.g. "only the first 2000 pages were read"). */
  warnings: string[];
  /** Pages whose text came from OCR, and Tesseract's mean confidence (0–100) over them. */
  ocr?: OcrSummary | null;
}

export interface OcrSummary {
  pages: number[];
  meanConfidence: number | null;
}

/** What a refusal of an unsupported file suggests instead. */
export const SUPPORTED_FORMATS =
  'upload PDF, Word (DOCX), PowerPoint (PPTX), Excel (XLSX), OpenDocument spreadsheet (ODS), EPUB, HTML, Markdown, plain text, CSV or an image of a page (PNG, JPEG, TIFF, WebP)';

/** Formats Docent ingests, by canonical MIME type. */
export type SupportedMimeType =
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'text/html'
  | 'text/markdown'
  | 'text/plain'
  | 'text/csv'
  | 'image/png'
  | 'image/jpeg'
  | 'image/tiff'
  | 'image/webp'
  | 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'application/vnd.oasis.opendocument.spreadsheet'
  | 'application/epub+zip';

export interface Chunk {
  ordinal: number;
  text: string;
  tokenCount: number;
  page: number | null;
  headingPath: string[];
}

// The tokenizer belongs to the embedder (lib/embeddings/types.ts); re-exported for the stages.
export type { Tokenizer } from '../embeddings/types';
