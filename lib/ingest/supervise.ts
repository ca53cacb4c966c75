import type { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';

/** Heap limits every parser thread runs with: a hostile file is killed at this size, not the server. */
export const PARSER_WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

/** What the supervised run says when it stops other than by `done`: each message says what to do. */
export interface SupervisionErrors {
  /** The time limit ran out (`ms` is the limit that did). */
  timeout(ms: number): AppError;
  /** The caller's signal fired without an AppError reason of its own (`reason` is the signal's). */
  cancelled(reason: unknown): AppError;
  /** The worker hit its resourceLimits. */
  outOfMemory(): AppError;
  /** The worker threw outside the protocol (its own bug, a native crash). */
  crashed(message: string): AppError;
  /** The worker exited before it answered. */
  exited(): AppError;
}

/** Hands a run's messages to the caller, who ends the run or reports progress. */
export interface RunControl<T> {
  done(value: T): void;
  fail(error: Error): void;
  /** The run made progress: the step limit starts again. */
  progress(): void;
}

export interface SuperviseOptions<M, T> {
  signal?: AbortSignal;
  /** Limit on the whole run (a PDF's text layer): a file that makes the parser loop is stopped. */
  timeoutMs?: number;
  /** Limit between progress reports (OCR's pages, the parse and chunk steps): long runs may go on while they advance. */
  stepTimeoutMs?: number;
  errors: SupervisionErrors;
  onMessage(message: M, run: RunControl<T>): void;
  /**
   * Called instead of terminating the worker when the run ended by its own answer (`done` or
   * `fail`): the worker is healthy, and a pool may give it the next run. Without it the worker
   * is terminated. A run stopped by a limit, an abort or a crash always kills the worker.
   */
  reuse?: () => void;
}

/**
 * One run of a worker thread under a time limit (whole-run, per-step, or both), the caller's
 * abort signal and the worker's resourceLimits: the one place that decides when a parser thread
 * is killed, for the PDF, OCR and parse/chunk workers alike.
 */
export function supervise<M, T>(worker: Worker, opts: SuperviseOptions<M, T>): Promise<T> {
  const { signal, errors } = opts;
  if (signal?.aborted) {
    void worker.terminate();
    return Promise.reject(abortReason(signal, errors));
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let stepTimer: NodeJS.Timeout | undefined;
    const wholeTimer = opts.timeoutMs === undefined ? undefined : setTimeout(() => finish(errors.timeout(opts.timeoutMs!)), opts.timeoutMs);
    const restartStep = () => {
      if (opts.stepTimeoutMs === undefined) return;
      clearTimeout(stepTimer);
      stepTimer = setTimeout(() => finish(errors.timeout(opts.stepTimeoutMs!)), opts.stepTimeoutMs);
    };

    const onAbort = () => finish(abortReason(signal!, errors));
    const onMessage = (message: M) => {
      if (!settled) opts.onMessage(message, control);
    };
    const onError = (err: Error & { code?: string }) =>
      finish(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? errors.outOfMemory() : errors.crashed(err.message.slice(0, 200)));
    const onExit = () => finish(errors.exited());

    function finish(error: Error | null, value?: T, answered = false) {
      if (settled) return;
      settled = true;
      clearTimeout(wholeTimer);
      clearTimeout(stepTimer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (answered && opts.reuse) opts.reuse();
      else void worker.terminate();
      if (error) reject(error);
      else resolve(value as T);
    }
    const control: RunControl<T> = {
      done: (value) => finish(null, value, true),
      fail: (error) => finish(error, undefined, true),
      progress: restartStep,
    };

    restartStep();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

function abortReason(signal: AbortSignal, errors: SupervisionErrors): AppError {
  return signal.reason instanceof AppError ? signal.reason : errors.cancelled(signal.reason);
}
