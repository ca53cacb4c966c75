import type { SentTurn } from './turn-memory';

/**
 * Sources a follow-up need not send again (issue 14, fast follow-ups). A local model's prompt
 * repeats the chat's earlier turns as they were sent, sources included; a follow-up often
 * retrieves chunks an earlier turn already sent, and repeating their text makes the model
 * evaluate it twice. Such a source is sent as a reference to where its text already is in this
 * very prompt; its number, the stored sources and citations are unchanged.
 */

/** Where a chunk's text already is: source `index` of the question `back` questions before the new one. */
export interface EarlierSource {
  index: number;
  back: number;
}

/**
 * Chunks whose text the prompt's earlier turns carry, the newest turn's first. `turns` are
 * fitHistory's: a turn keeps `full` only when it is sent with its sources in this prompt.
 */
export function sourcesInPrompt(turns: SentTurn[]): Map<string, EarlierSource> {
  const found = new Map<string, EarlierSource>();
  turns.forEach((turn, n) => {
    for (const [chunkId, index] of Object.entries(turn.full ?? {})) found.set(chunkId, { index, back: turns.length - n });
  });
  return found;
}

/** What the model reads in place of a source's text. */
export function referenceText(earlier: EarlierSource): string {
  const where = earlier.back === 1 ? 'the previous user message' : `the user message ${earlier.back} questions before this one`;
  return `(The same passage as source [${earlier.index}] of ${where}.)`;
}
