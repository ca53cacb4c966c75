import {
  BOUNDARY,
  JOINER,
  MAX_CHARS_PER_TOKEN,
  blockPieces,
  cachedCounter,
  normaliseText,
  trailingOverlap,
  type BlockKind,
  type Count,
  type Limit,
  type Piece,
} from './chunk-split';
import type { Chunk, ParsedBlock, ParsedDocument, Tokenizer } from './types';

export interface ChunkOptions {
  /** Most tokens in a chunk, counted with the embedding model's tokenizer (no special tokens). */
  chunkTokens: number;
  /** Tokens of trailing text repeated at the start of the next chunk of the same section. */
  overlapTokens: number;
}

/** all-MiniLM-L6-v2 was trained on 128-token pairs and reads 256 at most; 32 keeps context. */
export const DEFAULT_CHUNK_OPTIONS: Readonly<ChunkOptions> = { chunkTokens: 256, overlapTokens: 32 };

// A cut is placed at the strongest boundary in the chunk, but never one leaving the chunk less
// than half full: a 20-token paragraph before a long one is packed with its start, not alone.
const MIN_FILL = 0.5;

interface Atom extends Piece {
  kind: BlockKind;
  page: number | null;
  heading: boolean;
  /** The last heading line before a section's body: a chunk never ends here. */
  noCutAfter: boolean;
}

/** Blocks that chunks are packed from: one section (heading path) on one page. */
interface Run {
  atoms: Atom[];
  headingPath: string[];
  page: number | null;
  pathKey: string;
}

/**
 * Splits a parsed document into chunks for embedding. Pure and deterministic.
 *
 * - A heading starts a new chunk, and a run of headings (H1 directly over H2) stays together.
 *   The chunk that begins a section starts with its heading line(s), so a chunk about
 *   "Installation" says so; later chunks of that section do not repeat it — their
 *   `headingPath` carries it. A heading is never the last line of a chunk, except a document
 *   that ends in headings with nothing under them, which become a chunk of their own.
 * - Consecutive blocks with the same heading path and page are packed up to `chunkTokens`.
 *   A page change ends a chunk, so a chunk's text is from its `page` (the page of its first
 *   block); the one exception is a heading at the foot of a page, kept with the body it heads.
 * - A block over budget is split at lines, then sentences (`Intl.Segmenter`), then words, then
 *   at the character offset where the budget runs out. Code and tables split at lines (rows),
 *   never sentences. Of the places a chunk could end, the strongest boundary is chosen.
 * - Consecutive chunks of one section and page share up to `overlapTokens` (and at most half
 *   the previous chunk) of trailing whole sentences, or lines for code and tables; words when
 *   whole sentences give less than half of that. Headings never flow into an overlap, and
 *   nothing overlaps across a heading or page boundary.
 * - Whitespace: runs of spaces collapse and blank lines go; newlines between blocks and lines
 *   stay; code keeps its indentation. Chunks are never empty.
 * - `tokenCount` is `tokenizer.count(text)` and never exceeds `chunkTokens`; chunks are also
 *   capped at `chunkTokens × MAX_CHARS_PER_TOKEN` characters (see chunk-split.ts).
 *
 * Cost: each block is counted once; only text over budget is counted again at the next finer
 * level (≤ 4 levels), a character cut costs O(log length) counts, each chunk is counted once
 * to verify it and its overlap costs ~`overlapTokens` of counting. So tokenizer work is
 * O(n log n) in the text length and linear in practice; short strings are cached.
 */
export function chunkDocument(doc: ParsedDocument, tokenizer: Tokenizer, opts: ChunkOptions): Chunk[] {
  const { chunkTokens, overlapTokens } = opts;
  if (!Number.isInteger(chunkTokens) || chunkTokens < 1) {
    throw new RangeError(`chunkTokens must be a positive integer, got ${chunkTokens}`);
  }
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= chunkTokens) {
    throw new RangeError(`overlapTokens must be an integer in [0, chunkTokens), got ${overlapTokens}`);
  }
  const count = cachedCounter(tokenizer);
  const limit: Limit = { tokens: chunkTokens, chars: chunkTokens * MAX_CHARS_PER_TOKEN };
  const chunks: Chunk[] = [];
  for (const run of buildRuns(doc.blocks, limit, count)) {
    for (const c of packRun(run, limit, overlapTokens, count)) chunks.push({ ...c, ordinal: chunks.length });
  }
  return chunks;
}

/**
 * The whole document as a single chunk, for evaluation against published scores: MTEB embeds
 * each document whole and lets the model truncate it, so the embedder reads only the first
 * `maxTokens` tokens of this chunk. The full text is stored, so keyword search sees all of it,
 * as BEIR's BM25 baseline does. Not for real ingestion: the tail never reaches the vector.
 */
export function wholeDocumentChunk(doc: ParsedDocument, tokenizer: Tokenizer): Chunk[] {
  const text = doc.blocks
    .map((b) => normaliseText(b.text, b.kind))
    .filter(Boolean)
    .join('\n');
  if (!text) return [];
  const page = doc.blocks[0]?.page ?? null;
  return [{ ordinal: 0, text, tokenCount: tokenizer.count(text), page, headingPath: [] }];
}

function buildRuns(blocks: ParsedBlock[], limit: Limit, count: Count): Run[] {
  const runs: Run[] = [];
  let pending: ParsedBlock[] = [];
  let run: Run | undefined;
  for (const block of blocks) {
    const text = normaliseText(block.text, block.kind);
    if (!text) continue;
    if (block.kind === 'heading') {
      pending.push({ ...block, text: text.replace(/\n/g, ' ') });
      run = undefined;
      continue;
    }
    const pathKey = JSON.stringify(block.headingPath);
    let first = limit;
    if (pending.length > 0) {
      run = { atoms: [], headingPath: block.headingPath, page: block.page, pathKey };
      first = addHeadings(run, pending, limit, count);
      runs.push(run);
      pending = [];
    } else if (!run || run.page !== block.page || run.pathKey !== pathKey) {
      run = { atoms: [], headingPath: block.headingPath, page: block.page, pathKey };
      runs.push(run);
    }
    addBlock(run, block, text, first, limit, count);
  }
  if (pending.length > 0) {
    const last = pending[pending.length - 1];
    const headingOnly: Run = { atoms: [], headingPath: [...last.headingPath, last.text], page: last.page, pathKey: '' };
    addHeadings(headingOnly, pending, limit, count);
    runs.push(headingOnly);
  }
  return runs;
}

/** Adds heading lines; returns the limit the first body piece must fit to share their chunk. */
function addHeadings(run: Run, headings: ParsedBlock[], limit: Limit, count: Count): Limit {
  let tokens = 0;
  let chars = 0;
  for (const h of headings) {
    blockPieces(h.text, 'heading', limit, limit, count).forEach((p, i) => {
      // Consecutive headings are lines of one group, not separate blocks.
      const before = i > 0 ? p.before : run.atoms.length === 0 ? BOUNDARY.block : BOUNDARY.line;
      run.atoms.push({ ...p, before, kind: 'heading', page: h.page, heading: true, noCutAfter: false });
      tokens += p.tokens;
      chars += p.text.length + 1;
    });
  }
  // A heading group of over half a chunk is treated as text, or the body could never fit beside it.
  if (tokens > limit.tokens / 2 || chars > limit.chars / 2) return limit;
  run.atoms[run.atoms.length - 1].noCutAfter = true;
  return { tokens: limit.tokens - tokens, chars: limit.chars - chars };
}

function addBlock(run: Run, block: ParsedBlock, text: string, first: Limit, limit: Limit, count: Count): void {
  for (const p of blockPieces(text, block.kind, limit, first, count)) {
    run.atoms.push({ ...p, kind: block.kind, page: block.page, heading: false, noCutAfter: false });
  }
}

type Draft = Omit<Chunk, 'ordinal'>;
type Overlap = { text: string; tokens: number } | null;

function packRun(run: Run, limit: Limit, overlapTokens: number, count: Count): Draft[] {
  const { atoms } = run;
  const out: Draft[] = [];
  let overlap: Overlap = null;
  for (let i = 0; i < atoms.length; ) {
    let k = chooseEnd(atoms, i, withoutOverlap(limit, overlap));
    if (k === i) {
      overlap = null; // the next piece is too big to sit beside the overlap: start clean
      k = Math.max(i + 1, chooseEnd(atoms, i, limit));
    }
    let text = assemble(overlap, atoms, i, k);
    let tokens = !overlap && k === i + 1 ? atoms[i].tokens : count(text);
    // Sums of piece counts are exact for WordPiece at whitespace; verify for other tokenizers.
    while (tokens > limit.tokens || text.length > limit.chars) {
      if (k > i + 1) {
        k--;
        while (k > i + 1 && atoms[k - 1].noCutAfter) k--; // keep a heading with its body
      } else if (overlap) overlap = null;
      else break; // a single piece was measured alone, so it fits
      text = assemble(overlap, atoms, i, k);
      tokens = count(text);
    }
    out.push({ text, tokenCount: tokens, page: atoms[i].page, headingPath: [...run.headingPath] });
    overlap = k < atoms.length ? nextOverlap(atoms.slice(i, k), overlapTokens, count) : null;
    i = k;
  }
  return out;
}

function withoutOverlap(limit: Limit, overlap: Overlap): Limit {
  if (!overlap) return limit;
  return { tokens: limit.tokens - overlap.tokens, chars: limit.chars - overlap.text.length - 1 };
}

/** Index after the last atom of the chunk starting at `i`; `i` when atom `i` does not fit. */
function chooseEnd(atoms: Atom[], i: number, lim: Limit): number {
  const filled: number[] = [];
  let tokens = 0;
  let chars = 0;
  let j = i;
  for (; j < atoms.length; j++) {
    const a = atoms[j];
    const c = chars + a.text.length + (j > i ? JOINER[a.before].length : 0);
    if (tokens + a.tokens > lim.tokens || c > lim.chars) break;
    tokens += a.tokens;
    chars = c;
    filled.push(tokens);
  }
  if (j === i || j === atoms.length) return j;
  let best = -1;
  for (let m = i + 1; m <= j; m++) {
    if (atoms[m - 1].noCutAfter) continue;
    if (m < j && filled[m - i - 1] < lim.tokens * MIN_FILL) continue;
    if (best === -1 || atoms[m].before >= atoms[best].before) best = m;
  }
  return best === -1 ? j : best;
}

function assemble(overlap: Overlap, atoms: Atom[], i: number, k: number): string {
  let text = overlap ? overlap.text + JOINER[atoms[i].before] + atoms[i].text : atoms[i].text;
  for (let m = i + 1; m < k; m++) text += JOINER[atoms[m].before] + atoms[m].text;
  return text;
}

/** At most half of the chunk's own body, so a short chunk is not repeated whole. */
function nextOverlap(chunkAtoms: Atom[], overlapTokens: number, count: Count): Overlap {
  const body = chunkAtoms.filter((a) => !a.heading);
  const bodyTokens = body.reduce((sum, a) => sum + a.tokens, 0);
  return trailingOverlap(body, Math.min(overlapTokens, Math.floor(bodyTokens / 2)), count);
}
