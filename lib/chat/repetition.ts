/**
 * Small local models fall into loops: SmolLM2-135M repeated one sentence until the 512-token cap
 * in eight answers of eight (issue 14). This watches the text as it streams and says when a
 * sentence has come back `limit` times, so generation can stop there as if the model had.
 */
export const REPEATED_SENTENCE_LIMIT = 3;
/** Shorter sentences ("Yes.", list markers) repeat legitimately. */
const MIN_SENTENCE_CHARS = 20;

export class RepetitionGuard {
  private buffer = '';
  private seen = new Map<string, number>();

  constructor(private readonly limit = REPEATED_SENTENCE_LIMIT) {}

  /** Feeds streamed text; true once some sentence has appeared `limit` times. */
  push(text: string): boolean {
    this.buffer += text;
    const parts = this.buffer.split(/(?<=[.!?])\s+|\n+/);
    this.buffer = parts.pop() ?? '';
    for (const part of parts) {
      const sentence = part.trim().toLowerCase().replace(/\s+/g, ' ');
      if (sentence.length < MIN_SENTENCE_CHARS) continue;
      const count = (this.seen.get(sentence) ?? 0) + 1;
      this.seen.set(sentence, count);
      if (count >= this.limit) return true;
    }
    return false;
  }
}
