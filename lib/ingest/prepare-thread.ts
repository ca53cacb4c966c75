import path from 'node:path';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { BACKGROUND_NICE } from '../embeddings/onnx-thread';
import { AppError } from '../errors';
import type { Tokenizer } from '../embeddings/types';
import { parseFailed } from './parse/blocks';
import { resolvePackage } from './parse/resolve-package';
import type { PrepareMessage, SerialisedError } from './prepare-job';
import { prepareContent, type PreparedContent, type PrepareOptions } from './prepare';
import { PREPARE_WORKER_SOURCE } from './prepare-worker-source';
import { PARSER_WORKER_LIMITS, supervise, type SupervisionErrors } from './supervise';

/**
 * Each step of a document in the parse worker (starting the worker, parsing, chunking; each OCR
 * page) must finish within this, or the worker is killed. PDFs also keep their own whole-parse
 * limit (parse/pdf.ts) and OCR its per-page one (parse/ocr.ts), in their own threads.
 */
export const PREPARE_STEP_TIMEOUT_MS = 120_000;
/** An idle parse worker is kept this long for the next document: starting one costs seconds (tsx, mammoth, the vocabulary). */
const IDLE_MS = 30_000;
/**
 * Idle workers kept at most: one per ingestion loop (keepParseWorkers). With fewer, documents
 * that finish together retire workers which the loops' next claims must start again at once,
 * and a start costs seconds of CPU that embedding needed (tsx, the parsers, the vocabulary).
 */
let maxIdle = 2;

/** Keeps up to `loops` idle parse workers, one for each ingestion loop that may need one (the largest asked for wins). */
export function keepParseWorkers(loops: number): void {
  maxIdle = Math.max(maxIdle, loops);
}

export interface PrepareThreadOptions {
  signal?: AbortSignal;
  /** Share (0–1) of the slow part of parsing done (OCR pages). */
  onParseProgress?: (fraction: number) => void;
  onParsed?: () => void;
  stepTimeoutMs?: number;
  /** The worker's heap limits (tests lower them); workers are reused only with the same limits. */
  resourceLimits?: ResourceLimits;
}

interface Idle {
  worker: Worker;
  limitsKey: string;
  timer: NodeJS.Timeout;
  onGone: () => void;
}
const idle: Idle[] = [];

/**
 * Plain text and Markdown up to this size are parsed and chunked on the calling thread: that
 * takes ~2 ms per 1.3 KB (a SciFact abstract), ~25 ms at this size, while starting a parse
 * worker costs ~1.6 s of CPU (tsx, the parsers, the vocabulary) — a burst of short notes paid
 * more for workers than for embedding (docs/benchmarks.md, "ingestRatio").
 */
export const IN_PROCESS_TEXT_BYTES = 16 * 1024;
const IN_PROCESS_TYPES = new Set(['text/plain', 'text/markdown']);

/** parse → chunk of one document: short text in-process, everything else in a parse worker (prepareInWorker). */
export const prepareDocument: typeof prepareInWorker = (bytes, mimeType, tokenizer, options, opts = {}) =>
  IN_PROCESS_TYPES.has(mimeType) && bytes.length <= IN_PROCESS_TEXT_BYTES
    ? prepareContent(bytes, mimeType, tokenizer, options, { onParsed: opts.onParsed })
    : prepareInWorker(bytes, mimeType, tokenizer, options, opts);

/**
 * parse → chunk (prepare.ts) of one document in a parse worker thread, under a time limit per
 * step and a heap limit: a hostile or huge file is killed there, and the server's thread keeps
 * answering requests meanwhile. The bytes are transferred (a copy first: a Buffer from the
 * database shares its ArrayBuffer); the chunks come back as plain data.
 */
export function prepareInWorker(
  bytes: Uint8Array,
  mimeType: string,
  tokenizer: Tokenizer,
  options: PrepareOptions,
  opts: PrepareThreadOptions = {},
): Promise<PreparedContent> {
  if (!tokenizer.spec) {
    return Promise.reject(new Error('The embedder’s tokenizer has no spec, so the parse worker cannot count its tokens'));
  }
  const limits = opts.resourceLimits ?? PARSER_WORKER_LIMITS;
  const limitsKey = JSON.stringify(limits);
  const worker = takeIdle(limitsKey) ?? startWorker(limits);
  const data = new Uint8Array(bytes);
  worker.postMessage({ bytes: data, mimeType, tokenizer: tokenizer.spec, options }, [data.buffer]);
  // Counted while a document is in it: a busy worker keeps a CLI alive until its answer.
  worker.ref();
  return supervise<PrepareMessage, PreparedContent>(worker, {
    signal: opts.signal,
    stepTimeoutMs: opts.stepTimeoutMs ?? PREPARE_STEP_TIMEOUT_MS,
    errors: PREPARE_ERRORS,
    reuse: () => release(worker, limitsKey),
    onMessage(msg, step) {
      if (msg.type === 'progress') {
        step.progress();
        opts.onParseProgress?.(msg.fraction);
      } else if (msg.type === 'parsed') {
        step.progress();
        opts.onParsed?.();
      } else if (msg.type === 'done') {
        step.done(msg.result);
      } else {
        step.fail(revive(msg.error));
      }
    },
  });
}

let started = 0;
/** Parse workers this process has started (tests: the idle pool spares starts). */
export function parseWorkersStarted(): number {
  return started;
}

function startWorker(resourceLimits: ResourceLimits): Worker {
  started += 1;
  return new Worker(PREPARE_WORKER_SOURCE, {
    eval: true,
    workerData: {
      tsxApiPath: resolvePackage('tsx/esm/api'),
      jobModulePath: path.join(process.cwd(), 'lib', 'ingest', 'prepare-job.ts'),
      // Parsing is background work: the PDF and OCR threads it starts inherit the lower priority.
      nice: BACKGROUND_NICE,
    },
    resourceLimits,
  });
}

function takeIdle(limitsKey: string): Worker | null {
  const at = idle.findIndex((w) => w.limitsKey === limitsKey);
  if (at < 0) return null;
  const [found] = idle.splice(at, 1);
  clearTimeout(found.timer);
  found.worker.off('exit', found.onGone);
  found.worker.off('error', found.onGone);
  return found.worker;
}

function release(worker: Worker, limitsKey: string): void {
  worker.unref();
  if (idle.length >= maxIdle) {
    void worker.terminate();
    return;
  }
  const entry: Idle = { worker, limitsKey, timer: setTimeout(() => retire(entry), IDLE_MS), onGone: () => retire(entry) };
  entry.timer.unref();
  // A worker that fails or dies while idle (it should not) is forgotten; an unheard 'error' would crash the server.
  worker.once('exit', entry.onGone);
  worker.once('error', entry.onGone);
  idle.push(entry);
}

function retire(entry: Idle): void {
  const at = idle.indexOf(entry);
  if (at >= 0) idle.splice(at, 1);
  clearTimeout(entry.timer);
  void entry.worker.terminate();
}

/** The worker's error as the caller would have seen it in-process: an AppError stays one, with its code and status. */
function revive(error: SerialisedError): Error {
  if (error.name === 'AppError' && error.code) return new AppError(error.code, error.message, error.status ?? 422);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

const PREPARE_ERRORS: SupervisionErrors = {
  timeout: (ms) =>
    new AppError(
      'parse_timeout',
      `Reading this file took longer than ${Math.round(ms / 1000)} s at one step and was stopped; the file may be damaged or unusually large — split or re-export it and upload again.`,
      422,
    ),
  cancelled: () => new AppError('parse_timeout', 'Reading this file was cancelled before it finished; upload it again.', 422),
  outOfMemory: () => parseFailed('Reading this file needs more memory than Docent allows; split it into smaller files, then upload again.'),
  crashed: (message) => parseFailed(`Reading this file failed (${message}); re-export it from the original application and upload it again.`),
  exited: () => parseFailed('The file reader stopped unexpectedly; upload the file again.'),
};
