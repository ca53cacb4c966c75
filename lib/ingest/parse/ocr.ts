import { mkdirSync, symlinkSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { PARSER_WORKER_LIMITS, supervise, type SupervisionErrors } from '../supervise';
import { parseFailed } from './blocks';
import { OCR_WORKER_SOURCE } from './ocr-worker-source';
import type { RawItem } from './pdf-layout';
import { resolvePackage } from './resolve-package';

/** Tesseract is trained on 300 dpi text; lower was not re-measured with the final settings (docs/benchmarks.md). */
export const OCR_DPI = 300;
/** A page or image larger than this is scaled down (PDF) or refused (image): Tesseract's memory grows with pixels. */
export const OCR_MAX_PIXELS = 40_000_000;
/** Each page must finish within this; a worker that stops making progress is killed. */
export const OCR_PAGE_TIMEOUT_MS = 120_000;
export const OCR_MAX_PAGES = 300;
// Lines Tesseract itself doubts this much are mostly picture edges read as letters.
const MIN_LINE_CONFIDENCE = 30;

export type OcrJob = { kind: 'image'; data: Uint8Array; height: number } | { kind: 'pdf'; data: Uint8Array; pages: number[] };

export interface OcrPage {
  page: number;
  /** Tesseract's mean word confidence for the page, 0–100. */
  confidence: number;
  /** Lines as pdf.js-shaped text items, so OCR'd pages go through the same layout as text layers. */
  items: RawItem[];
}

export interface OcrOptions {
  signal?: AbortSignal;
  pageTimeoutMs?: number;
  /** Called with the share of pages done (0–1) after each page. */
  onProgress?: (fraction: number) => void;
}

type OcrMessage =
  | { type: 'page'; page: number; height?: number; scale: number; confidence: number; lines: Array<[string, number, number, number, number, number]> }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Recognises an image, or the listed pages of a PDF, in a worker thread with heap and time limits. */
export function runOcr(job: OcrJob, opts: OcrOptions = {}): Promise<OcrPage[]> {
  const { langs, langPath } = ocrLanguages();
  // A copy to transfer: a Buffer (node-postgres) shares its ArrayBuffer, and slice() would not copy it.
  const data = new Uint8Array(job.data);
  const total = job.kind === 'pdf' ? job.pages.length : 1;
  const worker = new Worker(OCR_WORKER_SOURCE, {
    eval: true,
    workerData: {
      paths: { tesseract: resolvePackage('tesseract.js'), canvas: resolvePackage('@napi-rs/canvas'), unpdf: resolvePackage('unpdf') },
      langs,
      langPath,
      job: job.kind === 'pdf' ? { kind: 'pdf', data, pages: job.pages, dpi: OCR_DPI, maxPixels: OCR_MAX_PIXELS } : { kind: 'image', data },
    },
    transferList: [data.buffer],
    resourceLimits: PARSER_WORKER_LIMITS,
  });
  const pages: OcrPage[] = [];
  return supervise<OcrMessage, OcrPage[]>(worker, {
    signal: opts.signal,
    stepTimeoutMs: opts.pageTimeoutMs ?? OCR_PAGE_TIMEOUT_MS,
    errors: OCR_ERRORS,
    onMessage(msg, run) {
      if (msg.type === 'page') {
        const height = job.kind === 'image' ? job.height : (msg.height ?? 0);
        pages.push({ page: msg.page, confidence: msg.confidence, items: toItems(msg.lines, msg.scale, height) });
        run.progress();
        opts.onProgress?.(pages.length / total);
      } else if (msg.type === 'done') {
        run.done(pages);
      } else {
        run.fail(parseFailed(`Text recognition (OCR) failed (${msg.message.slice(0, 200)}); check that the file opens, then upload it again.`));
      }
    },
  });
}

const OCR_ERRORS: SupervisionErrors = {
  timeout: timedOut,
  cancelled: () => new AppError('parse_timeout', 'Text recognition was cancelled before it finished; upload the file again.', 422),
  outOfMemory: () => parseFailed('Recognising this file needs more memory than Docent allows; split it or reduce its resolution, then upload again.'),
  crashed: (message) => parseFailed(`Text recognition (OCR) failed (${message}); upload the file again.`),
  exited: () => parseFailed('The OCR worker stopped unexpectedly; upload the file again.'),
};

/** Mean of the pages' confidences, rounded to one decimal; null when nothing was recognised. */
export function meanConfidence(pages: OcrPage[]): number | null {
  const read = pages.filter((p) => p.items.length > 0);
  if (read.length === 0) return null;
  return Math.round((read.reduce((sum, p) => sum + p.confidence, 0) / read.length) * 10) / 10;
}

/** Pixel boxes → pdf.js items in points: [str, hasEOL, a, b, c, d, e, f, width, height]. */
function toItems(lines: Array<[string, number, number, number, number, number]>, scale: number, pageHeight: number): RawItem[] {
  const items: RawItem[] = [];
  for (const [text, confidence, x0, y0, x1, y1] of lines) {
    if (confidence < MIN_LINE_CONFIDENCE) continue;
    const boxHeight = (y1 - y0) / scale;
    // A line's box spans ascenders to descenders; the font size is about 3/4 of it.
    const size = boxHeight * 0.75;
    const baseline = pageHeight - y1 / scale + boxHeight * 0.2;
    items.push([text, 1, size, 0, 0, size, x0 / scale, baseline, (x1 - x0) / scale, size]);
  }
  return items;
}

let languages: { key: string; langs: string; langPath: string } | null = null;

/**
 * Tesseract reads every language from one directory; each language ships as its own npm
 * package (`@tesseract.js-data/<code>`), so more than one is linked into DATA_DIR/tessdata.
 */
export function ocrLanguages(): { langs: string; langPath: string } {
  const codes = env().OCR_LANGUAGES.split(/[+,]/);
  const key = codes.join('+');
  if (languages?.key === key) return languages;
  const dirs = codes.map((code) => {
    let pkg: string;
    try {
      pkg = path.dirname(resolvePackage(`@tesseract.js-data/${code}/package.json`));
    } catch {
      throw new AppError(
        'ocr_language_missing',
        `OCR_LANGUAGES names "${code}", whose data is not installed; run npm install @tesseract.js-data/${code} or remove it from OCR_LANGUAGES.`,
        503,
      );
    }
    return path.join(pkg, '4.0.0_best_int');
  });
  let langPath = dirs[0];
  if (codes.length > 1) {
    langPath = path.join(env().DATA_DIR, 'tessdata');
    mkdirSync(langPath, { recursive: true });
    codes.forEach((code, i) => {
      const link = path.join(langPath, `${code}.traineddata.gz`);
      if (!existsSync(link)) symlinkSync(path.join(dirs[i], `${code}.traineddata.gz`), link);
    });
  }
  languages = { key, langs: key, langPath };
  return languages;
}

function timedOut(ms: number): AppError {
  return new AppError(
    'parse_timeout',
    `Recognising a page took longer than ${Math.round(ms / 1000)} s and was stopped; split the file or reduce its resolution, then upload it again.`,
    422,
  );
}
