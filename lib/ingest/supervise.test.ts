import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { supervise, type SupervisionErrors } from './supervise';

// Posts `progress` every 50 ms, `ticks` times, then `done` (never, for Infinity).
const TICKER = `
const { parentPort, workerData } = require('node:worker_threads');
let n = 0;
const timer = setInterval(() => {
  if (++n >= workerData.ticks) { clearInterval(timer); parentPort.postMessage('done'); }
  else parentPort.postMessage('progress');
}, 50);
`;
const ERRORS: SupervisionErrors = {
  timeout: (ms) => new AppError('parse_timeout', `over ${ms} ms`, 422),
  cancelled: () => new AppError('parse_timeout', 'cancelled', 422),
  outOfMemory: () => new AppError('parse_failed', 'memory', 422),
  crashed: (m) => new AppError('parse_failed', `crashed: ${m}`, 422),
  exited: () => new AppError('parse_failed', 'exited', 422),
};

function ticker(ticks: number, limits: { timeoutMs?: number; stepTimeoutMs?: number }) {
  const worker = new Worker(TICKER, { eval: true, workerData: { ticks } });
  const run = supervise<string, string>(worker, {
    ...limits,
    errors: ERRORS,
    onMessage: (msg, ctl) => (msg === 'done' ? ctl.done('finished') : ctl.progress()),
  });
  return { run, worker };
}

describe('supervise', () => {
  it('lets a run that keeps reporting progress outlive its step limit', async () => {
    // 40 ticks of 50 ms: about 2 s in all, far past the 1 s step limit, but never 1 s without progress.
    expect(await ticker(40, { stepTimeoutMs: 1000 }).run).toBe('finished');
  });

  it('stops a run at its whole-run limit however much progress it reports, and kills the thread', async () => {
    const { run, worker } = ticker(Infinity, { timeoutMs: 500 });
    await expect(run).rejects.toThrow('over 500 ms');
    await new Promise((resolve) => (worker.threadId === -1 ? resolve(null) : worker.once('exit', resolve)));
    expect(worker.threadId).toBe(-1);
  });

  it('stops a silent run at its step limit', async () => {
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await expect(supervise(worker, { stepTimeoutMs: 300, errors: ERRORS, onMessage: () => {} })).rejects.toThrow('over 300 ms');
  });

  it('reports a thread that throws as crashed, and an abort with the signal’s own AppError', async () => {
    const thrower = new Worker('throw new Error("boom")', { eval: true });
    await expect(supervise(thrower, { errors: ERRORS, onMessage: () => {} })).rejects.toThrow('crashed: boom');

    const controller = new AbortController();
    const run = supervise(new Worker('setInterval(() => {}, 1000)', { eval: true }), { signal: controller.signal, errors: ERRORS, onMessage: () => {} });
    controller.abort(new AppError('deleted', 'The document was deleted.', 409));
    await expect(run).rejects.toThrow('The document was deleted.');
  });
});
