import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import type { ParsedDocument } from '../types';
import { parseFailed } from './blocks';
import { layoutPdf, type PdfPage, type RawItem } from './pdf-layout';
import { PDF_WORKER_SOURCE } from './pdf-worker-source';

export const PDF_TIMEOUT_MS = 60_000;
export const PDF_MAX_PAGES = 2000;
const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

export interface PdfOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxPages?: number;
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
  const doc = layoutPdf(raw.pages, raw.title);
  if (raw.pageCount > maxPages) {
    doc.warnings.unshift(`Only the first ${maxPages} of ${raw.pageCount} pages were read; split the PDF to ingest the rest.`);
  }
  return { ...doc, pageCount: raw.pageCount };
}

interface RawPdf {
  title: string | null;
  pageCount: number;
  pages: PdfPage[];
}

function extractInWorker(bytes: Uint8Array, maxPages: number, opts: PdfOptions): Promise<RawPdf> {
  if (opts.signal?.aborted) return Promise.reject(abortError(opts.signal));
  const data = bytes.slice();
  const worker = new Worker(PDF_WORKER_SOURCE, {
    eval: true,
    workerData: { unpdfPath: resolveUnpdf(), data, maxPages },
    transferList: [data.buffer],
    resourceLimits: WORKER_LIMITS,
  });
  const result: RawPdf = { title: null, pageCount: 0, pages: [] };

  return new Promise<RawPdf>((resolve, reject) => {
    let settled = false;
    const finish = (error: AppError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else resolve(result);
    };
    const timeoutMs = opts.timeoutMs ?? PDF_TIMEOUT_MS;
    const timer = setTimeout(() => finish(timeoutError(timeoutMs)), timeoutMs);
    const onAbort = () => finish(abortError(opts.signal!));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'meta') {
        result.title = msg.title;
        result.pageCount = msg.pageCount;
      } else if (msg.type === 'page') {
        result.pages.push({ page: msg.page, items: msg.items, error: msg.error });
      } else if (msg.type === 'done') {
        finish(null);
      } else {
        finish(pdfJsError(msg.name, msg.message.replace(/\.$/, '')));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      finish(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? parseFailed('This PDF needs more memory to read than Docent allows; split it into smaller files or re-export it, then upload again.')
          : parseFailed(`This PDF could not be read (${err.message}); re-export it from the original application and upload it again.`),
      );
    });
    worker.on('exit', () => finish(parseFailed('The PDF reader stopped unexpectedly; re-export the PDF and upload it again.')));
  });
}

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

function abortError(signal: AbortSignal): AppError {
  if (signal.reason instanceof AppError) return signal.reason;
  if (signal.reason instanceof Error && signal.reason.name === 'TimeoutError') return timeoutError(PDF_TIMEOUT_MS);
  return new AppError('parse_timeout', 'Reading this PDF was cancelled before it finished; upload it again.', 422);
}

let unpdfPath: string | null = null;

/**
 * Absolute path of unpdf's ESM entry. The project root (cwd) is tried first because inside a
 * Next.js bundle this module's own URL does not point into the source tree.
 */
function resolveUnpdf(): string {
  if (unpdfPath) return unpdfPath;
  const bases = [path.join(process.cwd(), 'package.json')];
  try {
    bases.push(fileURLToPath(import.meta.url));
  } catch {
    // not a file: URL once bundled
  }
  for (const base of bases) {
    try {
      const entry = createRequire(base).resolve('unpdf');
      const esm = entry.replace(/\.cjs$/, '.mjs');
      unpdfPath = existsSync(esm) ? esm : entry;
      return unpdfPath;
    } catch {
      // try the next base
    }
  }
  throw new Error('unpdf is not installed; run npm install.');
}
