/**
 * Text-level helpers of the chunk stage (`chunk.ts`): whitespace normalisation, the recursive
 * split of one block into pieces that fit a token budget, and the trailing overlap carried into
 * the next chunk. Pure; every token count goes through the `Count` passed in.
 */
import type { ParsedBlock, Tokenizer } from './types';

/** Boundary strengths, weakest first; a piece records the boundary that precedes it. */
export const BOUNDARY = { char: 0, word: 1, sentence: 2, line: 3, block: 4 } as const;
export type Boundary = (typeof BOUNDARY)[keyof typeof BOUNDARY];

/** What is written between two pieces that meet at a boundary of this strength. */
export const JOINER: Readonly<Record<Boundary, string>> = { 0: '', 1: ' ', 2: ' ', 3: '\n', 4: '\n' };

/**
 * WordPiece maps a run of >100 characters without a break to a single [UNK], so a token budget
 * alone would let a 50 KB base64 line through as a "1-token" chunk. Real text averages 3–5
 * characters a token; 10 never binds on it and caps such runs.
 */
export const MAX_CHARS_PER_TOKEN = 10;

export type BlockKind = ParsedBlock['kind'];
export type Count = (text: string) => number;

export interface Piece {
  text: string;
  tokens: number;
  before: Boundary;
}

/** A size a piece must fit: its token count and, as the guard above, its length. */
export interface Limit {
  tokens: number;
  chars: number;
}

// Short strings (headings, table rows, words) repeat; long ones rarely do and would pin memory.
const CACHE_MAX_CHARS = 256;

/** `tokenizer.count` with a per-document cache of short strings. */
export function cachedCounter(tokenizer: Tokenizer): Count {
  const cache = new Map<string, number>();
  return (text) => {
    if (text.length > CACHE_MAX_CHARS) return tokenizer.count(text);
    let n = cache.get(text);
    if (n === undefined) {
      n = tokenizer.count(text);
      cache.set(text, n);
    }
    return n;
  };
}

const INLINE_SPACE = /[^\S\n]+/g;

/**
 * Prose: runs of spaces/tabs become one space, lines are trimmed and blank lines dropped; the
 * remaining newlines are kept as line boundaries. Code keeps its indentation, losing only
 * trailing spaces and blank lines.
 */
export function normaliseText(text: string, kind: BlockKind): string {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const clean = kind === 'code' ? line.trimEnd() : line.replace(INLINE_SPACE, ' ').trim();
    if (clean.trim() !== '') out.push(clean);
  }
  return out.join('\n');
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const s = segment.trim();
    if (s) out.push(s);
  }
  return out;
}

/** Code and tables are cut at lines (rows), then words — never at "sentences". */
function isLineOriented(kind: BlockKind): boolean {
  return kind === 'code' || kind === 'table';
}

function partsAt(text: string, level: Boundary): string[] {
  if (level === BOUNDARY.line) return text.split('\n');
  if (level === BOUNDARY.sentence) return sentences(text);
  return text.trim().split(/\s+/);
}

function finer(level: Boundary, kind: BlockKind): Boundary {
  if (level === BOUNDARY.block) return BOUNDARY.line;
  if (level === BOUNDARY.line) return isLineOriented(kind) ? BOUNDARY.word : BOUNDARY.sentence;
  if (level === BOUNDARY.sentence) return BOUNDARY.word;
  return BOUNDARY.char;
}

/** Token count of `text`, or Infinity when it is over the character guard (no tokenizer call). */
function measure(text: string, limit: Limit, count: Count): number {
  return text.length > limit.chars ? Infinity : count(text);
}

/**
 * A block's text as pieces that each fit `limit`, the first fitting `first` (tighter when a
 * heading shares its chunk): the whole block when it fits, else split at lines and finer.
 */
export function blockPieces(text: string, kind: BlockKind, limit: Limit, first: Limit, count: Count): Piece[] {
  const tokens = measure(text, first, count);
  if (tokens <= first.tokens) return [{ text, tokens, before: BOUNDARY.block }];
  const pieces = splitText(text, kind, BOUNDARY.line, limit, first, count);
  if (pieces.length > 0) pieces[0].before = BOUNDARY.block;
  return pieces;
}

/**
 * Splits normalised `text`, known not to fit `first`, at boundaries of `level`, then finer ones,
 * until every piece fits `limit` and the first fits `first`. Pieces that fit are kept whole, so
 * each level's text is counted once: O(levels · n) tokenizer work.
 */
function splitText(
  text: string,
  kind: BlockKind,
  level: Boundary,
  limit: Limit,
  first: Limit,
  count: Count,
): Piece[] {
  if (level === BOUNDARY.char) return cutAtTokenBudget(text, limit, first, count);
  const parts = partsAt(text, level);
  // One part is the text itself, already known not to fit: go finer without counting it again.
  if (parts.length === 1) return splitText(parts[0], kind, finer(level, kind), limit, first, count);
  const pieces: Piece[] = [];
  for (const part of parts) {
    if (!part) continue;
    const lim = pieces.length === 0 ? first : limit;
    const tokens = measure(part, lim, count);
    if (tokens <= lim.tokens) {
      pieces.push({ text: part, tokens, before: level });
      continue;
    }
    const sub = splitText(part, kind, finer(level, kind), limit, lim, count);
    sub.forEach((p, i) => pieces.push(i === 0 ? { ...p, before: level } : p));
  }
  return pieces;
}

/**
 * Last resort for a word over budget: ids cannot be decoded back to the original characters, so
 * find the longest prefix that fits by galloping then binary search over character offsets —
 * O(log length) counts per piece, each over at most one piece of text.
 */
function cutAtTokenBudget(text: string, limit: Limit, first: Limit, count: Count): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  while (start < text.length) {
    const lim = pieces.length === 0 ? first : limit;
    const end = longestFit(text, start, lim, count);
    const piece = text.slice(start, end);
    pieces.push({ text: piece, tokens: count(piece), before: BOUNDARY.char });
    start = end;
  }
  return pieces;
}

function longestFit(text: string, start: number, lim: Limit, count: Count): number {
  const cap = Math.min(text.length, start + Math.max(1, lim.chars));
  const fits = (end: number) => count(text.slice(start, end)) <= lim.tokens;
  // At least one whole code point, so the loop always advances.
  let lo = Math.min(text.length, start + (isHighSurrogate(text, start) ? 2 : 1));
  if (lo >= cap || !fits(lo)) return lo;
  let hi = cap + 1;
  for (let step = Math.max(2, lim.tokens * 2); ; step *= 2) {
    const next = Math.min(cap, lo + step);
    if (!fits(next)) {
      hi = next;
      break;
    }
    lo = next;
    if (lo === cap) return lo;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  // Never end between the two halves of a surrogate pair.
  return isHighSurrogate(text, lo - 1) && lo - 1 > start ? lo - 1 : lo;
}

function isHighSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
}

interface Unit {
  text: string;
  join: string;
  /** Code and table lines are never cut into words for an overlap. */
  wholeLine: boolean;
}

/** Overlap candidates of one piece from its end: lines for code/tables, sentences otherwise. */
function unitsOf(piece: Piece & { kind: BlockKind }): Unit[] {
  const out: Unit[] = [];
  const wholeLine = isLineOriented(piece.kind);
  piece.text.split('\n').forEach((line, li) => {
    const segs = wholeLine ? [line] : sentences(line);
    segs.forEach((text, si) => {
      out.push({ text, join: si > 0 ? ' ' : li > 0 ? '\n' : JOINER[piece.before], wholeLine });
    });
  });
  return out;
}

/**
 * The trailing text of a chunk to repeat at the start of the next one: whole sentences (lines for
 * code and tables) from the end while they fit `target` tokens. When whole units give less than
 * half the target (the sentence before them is long), trailing words of prose are used instead.
 * Counts only the tail, so it costs about `target` tokens of work per chunk.
 */
export function trailingOverlap(
  pieces: Array<Piece & { kind: BlockKind }>,
  target: number,
  count: Count,
): { text: string; tokens: number } | null {
  if (target <= 0) return null;
  const taken: Unit[] = [];
  let tokens = 0;
  let crossing: Unit | undefined;
  outer: for (let p = pieces.length - 1; p >= 0; p--) {
    const units = unitsOf(pieces[p]);
    for (let u = units.length - 1; u >= 0; u--) {
      const t = count(units[u].text);
      if (tokens + t > target) {
        crossing = units[u];
        break outer;
      }
      tokens += t;
      taken.push(units[u]);
    }
  }
  if (crossing && !crossing.wholeLine && tokens < target / 2) {
    const words = crossing.text.trim().split(/\s+/);
    const tail: string[] = [];
    for (let w = words.length - 1; w > 0; w--) {
      const t = count(words[w]);
      if (tokens + t > target) break;
      tokens += t;
      tail.unshift(words[w]);
    }
    if (tail.length > 0) taken.push({ text: tail.join(' '), join: crossing.join, wholeLine: false });
  }
  if (taken.length === 0) return null;
  let text = taken[taken.length - 1].text;
  for (let i = taken.length - 2; i >= 0; i--) text += taken[i].join + taken[i].text;
  return { text, tokens: count(text) };
}
