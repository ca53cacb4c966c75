import { AppError } from './errors';

/**
 * Graceful shutdown: once draining, new requests are refused with 503 (a load balancer moves
 * on) while requests and answer streams already running are counted down to zero.
 */
interface DrainState {
  draining: boolean;
  active: number;
  idle: (() => void)[];
}

const globalState = globalThis as typeof globalThis & { __docentDrain?: DrainState };
const state: DrainState = (globalState.__docentDrain ??= { draining: false, active: 0, idle: [] });

export function isDraining(): boolean {
  return state.draining;
}

export function refuseWhileDraining(): void {
  if (state.draining) {
    throw new AppError('shutting_down', 'This Docent instance is shutting down; retry in a few seconds.', 503, { 'Retry-After': '5' });
  }
}

/** Counts one piece of in-flight work; call the returned function (once) when it ends. */
export function beginWork(): () => void {
  state.active++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.active--;
    if (state.active === 0) for (const resolve of state.idle.splice(0)) resolve();
  };
}

/** Stops admitting work and waits for what is running, at most `graceMs`; true if all finished. */
export async function drain(graceMs: number): Promise<boolean> {
  state.draining = true;
  if (state.active === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    new Promise<boolean>((resolve) => state.idle.push(() => resolve(true))),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  return finished;
}

export function activeWork(): number {
  return state.active;
}
