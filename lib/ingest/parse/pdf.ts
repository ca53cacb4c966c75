import { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { PARSER_WORKER_LIMITS, supervise, type SupervisionErrors } from '../supervise';
import type { OcrSummary, ParsedDocument } from '../types';
import { parseFailed } from './blocks';
import { meanConfidence, OCR_MAX_PAGES, runOcr } from './ocr';
import { layoutPdf, pagesWithoutText, type PdfPage, type RawItem } from './pdf-layout';
import { PDF_WORKER_SOURCE } from './pdf-worker-source';
import { resolvePackage } from './resolve-package';

export const PDF_TIMEOUT_MS = 60_000;
export const PDF_MAX_PAGES = 2000;

export interface PdfOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxPages?: number;
  /** Share (0–1) of the scanned pages recognised so far. */
  onProgress?: (fraction: number) => void;
}

type WorkerMessage =
  | { type: 'meta'; title: string | null; pageCount: number }
  | { type: 'page'; page: number; items: RawItem[]; error?: string }
  | { type: 'done' }
  | { type: 'error'; name?: string; code?: unknown; message: string };

/**
 * Extracts the text layer of a PDF with pdf.js, in a worker thread with its own heap limit so a
 * hostile file (endless streams, broken xref loops) can be killed without touching the server.
 */
export async function parsePdf(bytes: Uint8Array, opts: PdfOptions = {}): Promise<ParsedDocument> {
  const maxPages = opts.maxPages ?? PDF_MAX_PAGES;
  const raw = await extractInWorker(bytes, maxPages, opts);
  const { ocr, warning } = await recogniseScannedPages(bytes, raw.pages, opts);
  const doc = layoutPdf(raw.pages, raw.title);
  if (warning) doc.warnings.unshift(warning);
  if (raw.pageCount > maxPages) {
    doc.warnings.unshift(`Only the first ${maxPages} of ${raw.pageCount} pages were read; split the PDF to ingest the rest.`);
  }
  return { ...doc, pageCount: raw.pageCount, ocr };
}

/**
 * A mixed PDF keeps its text layer where it has one; pages without any text go to OCR, and
 * their recognised lines replace the empty items in place, so layout treats both alike.
 */
async function recogniseScannedPages(
  bytes: Uint8Array,
  pages: PdfPage[],
  opts: PdfOptions,
): Promise<{ ocr: OcrSummary | null; warning: string | null }> {
  const scanned = pagesWithoutText(pages);
  if (scanned.length === 0) return { ocr: null, warning: null };
  const targets = scanned.slice(0, OCR_MAX_PAGES);
  const read = await runOcr({ kind: 'pdf', data: bytes, pages: targets }, { signal: opts.signal, onProgress: opts.onProgress });
  const byPage = new Map(read.map((r) => [r.page, r]));
  for (const page of pages) page.items = byPage.get(page.page)?.items ?? page.items;
  const recognised = read.filter((r) => r.items.length > 0).map((r) => r.page);
  const warning =
    scanned.length > targets.length
      ? `Only the first ${OCR_MAX_PAGES} of ${scanned.length} scanned pages were recognised; split the PDF to ingest the rest.`
      : null;
  return { ocr: recognised.length > 0 ? { pages: recognised, meanConfidence: meanConfidence(read) } : null, warning };
}

interface RawPdf {
  title: string | null;
  pageCount: number;
  pages: PdfPage[];
}

function extractInWorker(bytes: Uint8Array, maxPages: number, opts: PdfOptions): Promise<RawPdf> {
  // A copy to transfer: a Buffer (node-postgres) shares its ArrayBuffer, and slice() would not copy it.
  const data = new Uint8Array(bytes);
  const worker = new Worker(PDF_WORKER_SOURCE, {
    eval: true,
    workerData: { unpdfPath: resolvePackage('unpdf'), data, maxPages },
    transferList: [data.buffer],
    resourceLimits: PARSER_WORKER_LIMITS,
  });
  const result: RawPdf = { title: null, pageCount: 0, pages: [] };
  return supervise<WorkerMessage, RawPdf>(worker, {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs ?? PDF_TIMEOUT_MS,
    errors: PDF_ERRORS,
    onMessage(msg, run) {
      if (msg.type === 'meta') {
        result.title = msg.title;
        result.pageCount = msg.pageCount;
      } else if (msg.type === 'page') {
        result.pages.push({ page: msg.page, items: msg.items, error: msg.error });
      } else if (msg.type === 'done') {
        run.done(result);
      } else {
        run.fail(pdfJsError(msg.name, msg.message.replace(/\.$/, '')));
      }
    },
  });
}

const PDF_ERRORS: SupervisionErrors = {
  timeout: timeoutError,
  cancelled: (reason) =>
    reason instanceof Error && reason.name === 'TimeoutError'
      ? timeoutError(PDF_TIMEOUT_MS)
      : new AppError('parse_timeout', 'Reading this PDF was cancelled before it finished; upload it again.', 422),
  outOfMemory: () => parseFailed('This PDF needs more memory to read than Docent allows; split it into smaller files or re-export it, then upload again.'),
  crashed: (message) => parseFailed(`This PDF could not be read (${message}); re-export it from the original application and upload it again.`),
  exited: () => parseFailed('The PDF reader stopped unexpectedly; re-export the PDF and upload it again.'),
};

function pdfJsError(name: string | undefined, message: string): AppError {
  if (name === 'PasswordException') {
    return new AppError('encrypted_pdf', 'This PDF is password-protected; remove the password and upload it again.', 422);
  }
  return parseFailed(
    `This PDF is damaged or not a valid PDF (${message}); re-export it from the original application and upload it again.`,
  );
}

function timeoutError(ms: number): AppError {
  return new AppError(
    'parse_timeout',
    `Reading this PDF took longer than ${Math.round(ms / 1000)} s and was stopped; the file may be damaged or unusually complex — split or re-export it and upload again.`,
    422,
  );
}
