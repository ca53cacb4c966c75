/**
 * Citation parsing, in one place for the server (stored answers, traces, evaluation) and the
 * browser (citation buttons, the sources list). No imports: the client bundle takes it whole.
 */

// `[1]`, `[1, 2]`, `[1,2,3]`; adjacent brackets (`[1][2]`) are simply two matches.
const CITATION = /\[\s*(\d{1,4}(?:\s*,\s*\d{1,4})*)\s*\]/g;

export interface CitationMatch {
  /** Where the bracket starts in the text, and its length. */
  index: number;
  length: number;
  numbers: number[];
}

/** Every citation bracket in `text`, in order. */
export function findCitations(text: string): CitationMatch[] {
  return [...text.matchAll(CITATION)].map((m) => ({
    index: m.index,
    length: m[0].length,
    numbers: m[1].split(',').map((part) => Number(part.trim())),
  }));
}

/** Source numbers cited in an answer, each once, in the order they first appear. */
export function parseCitations(answer: string): number[] {
  return [...new Set(findCitations(answer).flatMap((m) => m.numbers))];
}

/** The text without its citation brackets (for comparing a claim with its source). */
export function stripCitations(text: string): string {
  return text.replace(CITATION, '').replace(/\s+([.,;:!?])/g, '$1').trim();
}

/** The sources an answer cites, in citation order; numbers that name no source are ignored. */
export function citedSources<T extends { index: number }>(answer: string, sources: T[]): T[] {
  const byIndex = new Map(sources.map((s) => [s.index, s]));
  return parseCitations(answer)
    .map((n) => byIndex.get(n))
    .filter((s): s is T => s !== undefined);
}
