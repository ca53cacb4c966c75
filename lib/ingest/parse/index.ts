import { AppError } from '@/lib/errors';
import { stripInvisible } from '../decode-text';
import type { ParsedBlock, ParsedDocument, SupportedMimeType } from '../types';
import { noText } from './blocks';
import { parseCsv } from './csv';
import { parseDocx } from './docx';
import { parseHtml } from './html';
import { parseMarkdown } from './markdown';
import { parsePdf } from './pdf';
import { pdfNoText } from './pdf-layout';
import { parseText } from './text';

export interface ParseOptions {
  signal?: AbortSignal;
  /** Time limit for PDF parsing (the one format that can loop); default 60 s. */
  timeoutMs?: number;
}

const FORMAT_NAMES: Record<SupportedMimeType, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'text/html': 'web page',
  'text/markdown': 'Markdown file',
  'text/plain': 'text file',
  'text/csv': 'CSV file',
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
    default:
      throw new AppError('unsupported_type', `${String(mimeType)} is not supported; upload PDF, DOCX, HTML, Markdown, plain text or CSV.`, 415);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  if (signal.reason instanceof AppError) throw signal.reason;
  throw new AppError('parse_timeout', 'Parsing was stopped before it finished; upload the document again.', 422);
}
