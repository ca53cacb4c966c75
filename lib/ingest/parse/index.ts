import { AppError } from '@/lib/errors';
import { stripInvisible } from '../decode-text';
import { SUPPORTED_FORMATS, type ParsedBlock, type ParsedDocument, type SupportedMimeType } from '../types';
import { noText } from './blocks';
import { parseCsv } from './csv';
import { parseDocx } from './docx';
import { parseEpub } from './epub';
import { parseHtml } from './html';
import { parseImage } from './image';
import { parseMarkdown } from './markdown';
import { parseOds } from './ods';
import { parsePdf } from './pdf';
import { parsePptx } from './pptx';
import { pdfNoText } from './pdf-layout';
import { parseText } from './text';
import { parseXlsx } from './xlsx';

export interface ParseOptions {
  signal?: AbortSignal;
  /** Time limit for PDF parsing (the one format that can loop); default 60 s. */
  timeoutMs?: number;
  /** Share (0–1) of the slow part done: OCR of scanned pages and images. */
  onProgress?: (fraction: number) => void;
}

const FORMAT_NAMES: Record<SupportedMimeType, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'text/html': 'web page',
  'text/markdown': 'Markdown file',
  'text/plain': 'text file',
  'text/csv': 'CSV file',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/tiff': 'image',
  'image/webp': 'image',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/epub+zip': 'EPUB book',
};

/**
 * Parses an upload whose type detectType has already decided. Every block's text is stripped of
 * invisible characters; a document without any text is an error, never an empty result.
 */
export async function parseDocument(
  bytes: Uint8Array,
  mimeType: SupportedMimeType,
  opts: ParseOptions = {},
): Promise<ParsedDocument> {
  throwIfAborted(opts.signal);
  const doc = await dispatch(bytes, mimeType, opts);
  throwIfAborted(opts.signal);

  const blocks: ParsedBlock[] = [];
  for (const block of doc.blocks) {
    const text = stripInvisible(block.text).trim();
    if (!text) continue;
    blocks.push({ ...block, text, headingPath: block.headingPath.map(stripInvisible) });
  }
  if (blocks.length === 0) throw mimeType === 'application/pdf' ? pdfNoText() : noText(FORMAT_NAMES[mimeType]);
  const title = doc.title === null ? null : stripInvisible(doc.title).replace(/\s+/g, ' ').trim() || null;
  return { ...doc, title, blocks };
}

function dispatch(bytes: Uint8Array, mimeType: SupportedMimeType, opts: ParseOptions): Promise<ParsedDocument> | ParsedDocument {
  switch (mimeType) {
    case 'application/pdf':
      return parsePdf(bytes, opts);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return parseDocx(bytes);
    case 'text/html':
      return parseHtml(bytes);
    case 'text/markdown':
      return parseMarkdown(bytes);
    case 'text/plain':
      return parseText(bytes);
    case 'text/csv':
      return parseCsv(bytes);
    case 'image/png':
    case 'image/jpeg':
    case 'image/tiff':
    case 'image/webp':
      return parseImage(bytes, opts);
    case 'application/vnd.openxmlformats-officedocument.presentationml.presentation':
      return parsePptx(bytes);
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return parseXlsx(bytes);
    case 'application/vnd.oasis.opendocument.spreadsheet':
      return parseOds(bytes);
    case 'application/epub+zip':
      return parseEpub(bytes);
    default:
      throw new AppError('unsupported_type', `${String(mimeType)} is not supported; ${SUPPORTED_FORMATS}.`, 415);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  if (signal.reason instanceof AppError) throw signal.reason;
  throw new AppError('parse_timeout', 'Parsing was stopped before it finished; upload the document again.', 422);
}
