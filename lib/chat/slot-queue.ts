import { AppError } from '../errors';

export interface Slot {
  /** Resolves when this request may run; rejects with the signal's reason if aborted while waiting. */
  readonly ready: Promise<void>;
  /** Frees the slot (or leaves the line); safe to call more than once. */
  release(): void;
}

export interface SlotQueueOptions {
  /** Requests running at once. */
  concurrency: number;
  /** Requests allowed to wait; one more is refused at once rather than piling up. */
  maxWaiting: number;
  /** What Retry-After says to a refused request. */
  retryAfterSeconds: number;
  /** Names what is busy in the refusal message. */
  what: string;
}

/**
 * A bounded first-in-first-out line in front of a scarce resource (the local model's context
 * sequence). Admission is decided synchronously, so a full line is an immediate 503 with
 * Retry-After that the caller can still send as a plain JSON error.
 */
export class SlotQueue {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(private readonly options: SlotQueueOptions) {}

  /** Requests running plus waiting. */
  get size(): number {
    return this.active + this.waiting.length;
  }

  admit(signal?: AbortSignal): Slot {
    signal?.throwIfAborted();
    if (this.active < this.options.concurrency && this.waiting.length === 0) {
      this.active++;
      return this.slot(Promise.resolve(), { held: true });
    }
    if (this.waiting.length >= this.options.maxWaiting) {
      throw new AppError(
        'model_busy',
        `${this.options.what} is busy with ${this.size} requests; try again in ${this.options.retryAfterSeconds} seconds.`,
        503,
        { 'Retry-After': String(this.options.retryAfterSeconds) },
      );
    }
    const state = { held: false };
    let entry!: { grant: () => void };
    const ready = new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.leaveLine(entry);
        reject(signal!.reason);
      };
      entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          state.held = true;
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.waiting.push(entry);
    ready.catch(() => undefined); // an abandoned wait must not become an unhandled rejection
    return this.slot(ready, state, entry);
  }

  private slot(ready: Promise<void>, state: { held: boolean }, entry?: { grant: () => void }): Slot {
    let released = false;
    return {
      ready,
      release: () => {
        if (released) return;
        released = true;
        if (state.held) {
          this.active--;
          this.next();
        } else if (entry) {
          this.leaveLine(entry);
        }
      },
    };
  }

  private leaveLine(entry: { grant: () => void }): void {
    const at = this.waiting.indexOf(entry);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  private next(): void {
    while (this.active < this.options.concurrency && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!.grant();
    }
  }
}
