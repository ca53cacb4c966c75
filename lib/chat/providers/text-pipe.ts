import type { ChatStream, FinishReason, PrefillStats } from '../types';

/**
 * Turns a callback-driven generator (node-llama-cpp's onTextChunk) into a ChatStream.
 * The producer pushes text and ends once; the single consumer pulls. When the consumer stops
 * early (break, return), `onCancel` runs so the producer can stop generating.
 */
export class TextPipe implements ChatStream {
  private readonly buffered: string[] = [];
  private waiter: (() => void) | null = null;
  private ended = false;
  private error: unknown = undefined;
  private reason: FinishReason | undefined;
  /** Set by the producer once the prompt is evaluated (local models). */
  prefill: PrefillStats | undefined;

  constructor(private readonly onCancel: () => void) {}

  get finishReason(): FinishReason | undefined {
    return this.reason;
  }

  push(text: string): void {
    if (this.ended || !text) return;
    this.buffered.push(text);
    this.wake();
  }

  end(reason: FinishReason | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.reason = reason;
    this.wake();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error ?? new Error('generation failed');
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    try {
      for (;;) {
        if (this.buffered.length) {
          // Everything buffered goes out at once: a slow reader gets fewer, larger pieces.
          yield this.buffered.splice(0).join('');
          continue;
        }
        if (this.ended) {
          if (this.error !== undefined) throw this.error;
          return;
        }
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } finally {
      if (!this.ended) this.onCancel();
    }
  }
}
