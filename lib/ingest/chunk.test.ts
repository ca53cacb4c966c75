import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { DEFAULT_CHUNK_OPTIONS, chunkDocument } from './chunk';
import type { Chunk, ParsedBlock, ParsedDocument, Tokenizer } from './types';

/**
 * Word-piece-ish and deterministic: a token per punctuation mark and per 6 letters of a word, so
 * long words cost several tokens as in WordPiece, and gluing two fragments changes the count.
 */
const PIECES = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
function testTokenizer(): Tokenizer & { calls: number } {
  const tok = {
    calls: 0,
    encode(text: string): number[] {
      const ids: number[] = [];
      for (const [w] of text.matchAll(PIECES)) {
        for (let i = 0; i < w.length; i += 6) ids.push(w.charCodeAt(i) + w.length);
      }
      return ids;
    },
    count(text: string): number {
      tok.calls++;
      return tok.encode(text).length;
    },
  };
  return tok;
}

const tok = testTokenizer();
/** Like a BPE vocabulary with newline tokens: piece counts no longer add up across lines. */
const newlineTok: Tokenizer = {
  encode: (text) => [...tok.encode(text), ...Array.from(text.matchAll(/\n/g), () => 0)],
  count: (text) => newlineTok.encode(text).length,
};
const doc = (blocks: ParsedBlock[]): ParsedDocument => ({ title: null, blocks, pageCount: null, warnings: [] });
const heading = (text: string, level: number, path: string[] = [], page: number | null = null): ParsedBlock => ({
  kind: 'heading', text, level, headingPath: path, page,
});
const para = (text: string, path: string[] = [], page: number | null = null): ParsedBlock => ({
  kind: 'paragraph', text, headingPath: path, page,
});
const sentence = (i: number) => `Sentence number ${i} talks about topic ${i % 7}.`; // 9 tokens
const prose = (from: number, n: number) => Array.from({ length: n }, (_, i) => sentence(from + i)).join(' ');

/** The invariants every chunking must keep, whatever the input. */
function expectWellFormed(chunks: Chunk[], budget: number, tokenizer: Tokenizer = tok): void {
  chunks.forEach((c, i) => {
    expect(c.ordinal).toBe(i);
    expect(c.text.trim()).not.toBe('');
    // Trimmed, except that a chunk may open on an indented line of code.
    expect(c.text).toBe(c.text.trimEnd());
    expect(c.text).not.toMatch(/^\s*\n/);
    expect(c.tokenCount).toBe(tokenizer.count(c.text));
    expect(c.tokenCount).toBeLessThanOrEqual(budget);
  });
}
const squash = (s: string) => s.replace(/\s+/g, '');

describe('chunkDocument', () => {
  it('returns no chunks for an empty or whitespace-only document', () => {
    expect(chunkDocument(doc([]), tok, DEFAULT_CHUNK_OPTIONS)).toEqual([]);
    expect(chunkDocument(doc([para('  \n\t '), heading(' ', 1)]), tok, DEFAULT_CHUNK_OPTIONS)).toEqual([]);
  });

  it('packs small blocks of one section into one chunk, newlines between blocks kept', () => {
    const chunks = chunkDocument(
      doc([heading('Installation', 1), para('Run   npm ci.', ['Installation']), para('Then\tnpm start.', ['Installation'])]),
      tok,
      DEFAULT_CHUNK_OPTIONS,
    );
    expect(chunks).toEqual([
      { ordinal: 0, text: 'Installation\nRun npm ci.\nThen npm start.', tokenCount: 10, page: null, headingPath: ['Installation'] },
    ]);
  });

  it('starts a chunk at every heading, with its heading first and never last', () => {
    const chunks = chunkDocument(
      doc([
        para('Preface text.'),
        heading('Guide', 1),
        heading('Install', 2, ['Guide']),
        para('Install it.', ['Guide', 'Install']),
        heading('Usage', 2, ['Guide']),
        para('Use it.', ['Guide', 'Usage']),
        heading('Appendix', 1),
      ]),
      tok,
      DEFAULT_CHUNK_OPTIONS,
    );
    expect(chunks.map((c) => [c.text, c.headingPath])).toEqual([
      ['Preface text.', []],
      ['Guide\nInstall\nInstall it.', ['Guide', 'Install']],
      ['Usage\nUse it.', ['Guide', 'Usage']],
      // A document ending in a heading with nothing under it keeps it as its own chunk.
      ['Appendix', ['Appendix']],
    ]);
  });

  it('does not repeat the heading in later chunks of a long section, nor overlap across headings', () => {
    const opts = { chunkTokens: 40, overlapTokens: 10 };
    const chunks = chunkDocument(
      doc([heading('Alpha', 1), para(prose(0, 20), ['Alpha']), heading('Beta', 1), para(prose(100, 3), ['Beta'])]),
      tok,
      opts,
    );
    expectWellFormed(chunks, 40);
    const alpha = chunks.filter((c) => c.headingPath[0] === 'Alpha');
    expect(alpha.length).toBeGreaterThan(3);
    expect(alpha[0].text.startsWith('Alpha\nSentence number 0 ')).toBe(true);
    for (const c of alpha.slice(1)) expect(c.text).not.toContain('Alpha');
    const beta = chunks.filter((c) => c.headingPath[0] === 'Beta');
    expect(beta.map((c) => c.text)).toEqual([`Beta\n${prose(100, 3)}`]);
  });

  it('overlaps consecutive chunks of a section by whole trailing sentences within the budget', () => {
    const chunks = chunkDocument(doc([para(prose(0, 30))]), tok, { chunkTokens: 60, overlapTokens: 20 });
    expectWellFormed(chunks, 60);
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1].text;
      const next = chunks[i].text;
      // 20 tokens hold two 9-token sentences: the next chunk opens with the previous one's last two.
      const shared = prev.split(/(?<=\.) /).slice(-2).join(' ');
      expect(next.startsWith(`${shared} `)).toBe(true);
      expect(tok.count(shared)).toBe(18);
    }
    const withoutOverlap = chunkDocument(doc([para(prose(0, 30))]), tok, { chunkTokens: 60, overlapTokens: 0 });
    expect(withoutOverlap.map((c) => c.text).join(' ')).toBe(prose(0, 30));
  });

  it('ends a chunk at a page change, keeps each chunk on its page, and does not overlap across it', () => {
    const blocks = [1, 1, 2, 2, 3].map((page, i) => para(`Page ${page} paragraph ${i}.`, ['Doc'], page));
    const chunks = chunkDocument(doc(blocks), tok, DEFAULT_CHUNK_OPTIONS);
    expect(chunks.map((c) => [c.page, c.text])).toEqual([
      [1, 'Page 1 paragraph 0.\nPage 1 paragraph 1.'],
      [2, 'Page 2 paragraph 2.\nPage 2 paragraph 3.'],
      [3, 'Page 3 paragraph 4.'],
    ]);
  });

  it('prefers a block boundary to filling the chunk with half of the next block', () => {
    // 45 + 36 tokens: the first chunk could take 5 more, but stops where the paragraph does.
    const chunks = chunkDocument(doc([para(prose(0, 5)), para(prose(5, 4))]), tok, { chunkTokens: 50, overlapTokens: 0 });
    expect(chunks.map((c) => c.text)).toEqual([prose(0, 5), prose(5, 4)]);
  });

  it('splits a 50 KB single line under budget, at words or, with no spaces, mid-word', () => {
    const words = Array.from({ length: 9000 }, (_, i) => `w${i}x`).join(' ');
    const blob = 'abcdefghij'.repeat(5000);
    for (const line of [words, blob]) {
      expect(line.length).toBeGreaterThanOrEqual(50_000);
      const chunks = chunkDocument(doc([para(line)]), tok, DEFAULT_CHUNK_OPTIONS);
      expectWellFormed(chunks, 256);
      expect(chunks.length).toBeGreaterThan(10);
      const noOverlap = chunkDocument(doc([para(line)]), tok, { chunkTokens: 256, overlapTokens: 0 });
      expect(squash(noOverlap.map((c) => c.text).join(''))).toBe(squash(line));
    }
  });

  it('splits code blocks at lines, keeping indentation, and tables at rows', () => {
    const code = Array.from({ length: 80 }, (_, i) => `  if (x${i}) { call(${i}). Next(); }`).join('\n');
    const table = Array.from({ length: 80 }, (_, i) => `| row ${i} | value. ${i} | more |`).join('\n');
    for (const [kind, text] of [['code', code], ['table', table]] as const) {
      const chunks = chunkDocument(doc([{ kind, text, page: null, headingPath: [] }]), tok, { chunkTokens: 60, overlapTokens: 12 });
      expectWellFormed(chunks, 60);
      expect(chunks.length).toBeGreaterThan(5);
      const lines = new Set(text.split('\n'));
      for (const c of chunks) for (const line of c.text.split('\n')) expect(lines.has(line)).toBe(true);
    }
  });

  it('rejects budgets it cannot honour', () => {
    expect(() => chunkDocument(doc([]), tok, { chunkTokens: 0, overlapTokens: 0 })).toThrow(RangeError);
    expect(() => chunkDocument(doc([]), tok, { chunkTokens: 32, overlapTokens: 32 })).toThrow(RangeError);
  });
});

/** mulberry32: a seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['the', 'index', 'vector', 'données', 'Überblick', 'a', 'query', 'supercalifragilistic', '42', 'x=1;', 'é', '漢字'];

function randomDoc(rand: () => number): ParsedDocument {
  const int = (n: number) => Math.floor(rand() * n);
  const words = (n: number) => Array.from({ length: n }, () => VOCAB[int(VOCAB.length)]).join(rand() < 0.1 ? '  ' : ' ');
  const blocks: ParsedBlock[] = [];
  let path: string[] = [];
  let page = 1;
  for (let b = 0, n = int(40); b < n; b++) {
    if (rand() < 0.1) page++;
    const r = rand();
    if (r < 0.15) {
      const level = 1 + int(3);
      const text = `Section ${b}`;
      blocks.push({ kind: 'heading', text, level, page, headingPath: path.slice(0, level - 1) });
      path = [...path.slice(0, level - 1), text];
      continue;
    }
    const kind = (['paragraph', 'paragraph', 'list', 'table', 'code'] as const)[int(5)];
    const lines = Array.from({ length: 1 + int(kind === 'paragraph' ? 3 : 30) }, () => {
      const line = words(1 + int(rand() < 0.05 ? 600 : 25));
      return rand() < 0.5 ? `${line}. ${words(1 + int(10))}!` : line;
    });
    if (rand() < 0.05) lines.push('z'.repeat(int(5000)));
    blocks.push({ kind, text: lines.join(rand() < 0.2 ? '\n\n' : '\n'), page, headingPath: path });
  }
  return { title: null, blocks, pageCount: page, warnings: [] };
}

describe('chunkDocument on random documents (seeded)', () => {
  it('keeps every invariant and loses no text', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rand = prng(seed);
      const d = randomDoc(rand);
      const chunkTokens = 16 + Math.floor(rand() * 240);
      const overlapTokens = Math.floor(rand() * (chunkTokens / 4));
      const tokenizer = seed % 2 === 0 ? tok : newlineTok;
      const chunks = chunkDocument(d, tokenizer, { chunkTokens, overlapTokens });
      try {
        expectWellFormed(chunks, chunkTokens, tokenizer);
        // A chunk ends with a heading only when it holds nothing but headings (document end).
        for (const c of chunks) {
          const lines = c.text.split('\n');
          if (/^Section \d+$/.test(lines[lines.length - 1])) expect(lines.every((l) => /^Section \d+$/.test(l))).toBe(true);
        }
        const plain = chunkDocument(d, tokenizer, { chunkTokens, overlapTokens: 0 });
        expect(squash(plain.map((c) => c.text).join(''))).toBe(squash(d.blocks.map((b) => b.text).join('')));
      } catch (err) {
        throw new Error(`seed ${seed} (chunkTokens ${chunkTokens}, overlap ${overlapTokens}): ${String(err)}`);
      }
    }
  });

  it('costs tokenizer calls in proportion to the text', () => {
    const big = (n: number) => doc(Array.from({ length: n }, (_, i) => para(prose(i * 9, 9), [`S${Math.floor(i / 20)}`])));
    const calls = (n: number) => {
      const t = testTokenizer();
      chunkDocument(big(n), t, DEFAULT_CHUNK_OPTIONS);
      return t.calls;
    };
    const small = calls(500);
    expect(calls(4000) / small).toBeLessThan(8 * 1.3);
  });
});

// CI provisions it with `npm run models:fetch -- --test`; a bare checkout may not have it yet.
const MODELS_DIR = env().MODELS_DIR;
const MINILM = 'Xenova/all-MiniLM-L6-v2';
const hasMiniLm = fs.existsSync(path.join(MODELS_DIR, MINILM, 'tokenizer.json'));
if (!hasMiniLm) {
  console.warn(`[chunk.test] SKIPPING the real-tokenizer test: ${path.join(MODELS_DIR, MINILM, 'tokenizer.json')} is absent; run \`npm run models:fetch -- --test\`.`);
}

/** ~1 MB of markdown-like structure: nested headings, prose, lists, code, tables, URLs, CJK. */
function longMarkdownDoc(rand: () => number): ParsedDocument {
  const words = 'the embedding model reads every chunk; Überprüfung of données, 2024-11-26 v1.2.3 (see §4) — a «quoted» phrase! naïve 漢字かな交じり文 https://example.com/a/b?c=d&e=f#g supercalifragilisticexpialidocious'.split(' ');
  const int = (n: number) => Math.floor(rand() * n);
  const sentence = () => `${Array.from({ length: 4 + int(30) }, () => words[int(words.length)]).join(' ')}.`;
  const blocks: ParsedBlock[] = [];
  let headingPath: string[] = [];
  for (let i = 0, size = 0; size < 1_000_000; size += blocks[blocks.length - 1].text.length, i++) {
    const page = 1 + Math.floor(i / 12);
    const r = rand();
    if (r < 0.1) {
      const level = 1 + int(3);
      const text = `${level}.${i} ${sentence().slice(0, 40)}`;
      blocks.push({ kind: 'heading', text, level, page, headingPath: headingPath.slice(0, level - 1) });
      headingPath = [...headingPath.slice(0, level - 1), text];
    } else if (r < 0.2) {
      const lines = Array.from({ length: 2 + int(60) }, (_, l) => `${'  '.repeat(l % 4)}const v${l} = call("${sentence()}");`);
      blocks.push({ kind: 'code', text: lines.join('\n'), page, headingPath });
    } else if (r < 0.27) {
      const rows = Array.from({ length: 2 + int(40) }, () => `| ${sentence()} | ${int(1e6)} | ${words[int(words.length)]} |`);
      blocks.push({ kind: 'table', text: rows.join('\n'), page, headingPath });
    } else if (r < 0.35) {
      blocks.push({ kind: 'list', text: Array.from({ length: 2 + int(12) }, () => `- ${sentence()}`).join('\n'), page, headingPath });
    } else {
      const tail = rand() < 0.01 ? ` ${'QmFzZTY0'.repeat(2000)}` : '';
      blocks.push({ kind: 'paragraph', text: Array.from({ length: 1 + int(rand() < 0.1 ? 120 : 8) }, sentence).join(' ') + tail, page, headingPath });
    }
  }
  return { title: null, blocks, pageCount: null, warnings: [] };
}

describe('chunkDocument with the real MiniLM tokenizer', () => {
  it.skipIf(!hasMiniLm)(`keeps every chunk within ${DEFAULT_CHUNK_OPTIONS.chunkTokens} MiniLM tokens, quickly`, async () => {
    const transformers = await import('@huggingface/transformers');
    transformers.env.localModelPath = `${MODELS_DIR}${path.sep}`;
    transformers.env.allowRemoteModels = false;
    const hf = await transformers.AutoTokenizer.from_pretrained(MINILM);
    const real: Tokenizer = {
      encode: (text) => hf.encode(text, { add_special_tokens: false }),
      count: (text) => hf.encode(text, { add_special_tokens: false }).length,
    };
    const d = longMarkdownDoc(prng(7));
    const bytes = d.blocks.reduce((n, b) => n + b.text.length, 0);
    expect(bytes).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const chunks = chunkDocument(d, real, DEFAULT_CHUNK_OPTIONS);
    const seconds = (performance.now() - started) / 1000;
    expectWellFormed(chunks, DEFAULT_CHUNK_OPTIONS.chunkTokens, real);
    // ~2 s on 2 idle cores (this mix of URLs, CJK and accents tokenizes at ~1 MB/s, plain English
    // at ~3); the bound catches a quadratic regression (100×), not a busy CI machine.
    expect(seconds).toBeLessThan(30);
  });
});
