import type { Source } from './types';

// `[1]`, `[1, 2]`, `[1,2,3]`; adjacent brackets (`[1][2]`) are simply two matches.
const CITATION = /\[\s*(\d{1,4}(?:\s*,\s*\d{1,4})*)\s*\]/g;

/** Source numbers cited in an answer, each once, in the order they first appear. */
export function parseCitations(answer: string): number[] {
  const seen = new Set<number>();
  for (const match of answer.matchAll(CITATION)) {
    for (const part of match[1].split(',')) seen.add(Number(part.trim()));
  }
  return [...seen];
}

/** The sources an answer cites, in citation order; numbers that name no source are ignored. */
export function citedSources<T extends Pick<Source, 'index'>>(answer: string, sources: T[]): T[] {
  const byIndex = new Map(sources.map((s) => [s.index, s]));
  return parseCitations(answer)
    .map((n) => byIndex.get(n))
    .filter((s): s is T => s !== undefined);
}
