import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../ingest/chunk';
import type { ParsedBlock, Tokenizer } from '../ingest/types';
import { assembleText, overlapLength } from './document-text';

// One token per word: enough to make the real chunker cut and overlap.
const words: Tokenizer = { encode: (t) => t.split(/\s+/).filter(Boolean).map((_, i) => i), count: (t) => t.split(/\s+/).filter(Boolean).length };

const chunk = (ordinal: number, text: string, page: number | null = null) => ({ id: `c${ordinal}`, ordinal, text, page });

describe('assembleText', () => {
  it('writes a shared overlap once, so every chunk sits exactly at its offsets', () => {
    const chunks = [
      chunk(0, 'Alpha beta gamma delta. Epsilon zeta eta theta.'),
      chunk(1, 'Epsilon zeta eta theta. Iota kappa lambda.'),
      chunk(2, 'A new section on another page.', 2),
    ];
    const { text, chunks: placed } = assembleText(chunks);
    expect(text).toBe('Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda.\n\nA new section on another page.');
    for (const [i, c] of placed.entries()) expect(text.slice(c.start, c.end)).toBe(chunks[i].text);
    expect(placed[2].page).toBe(2);
  });

  it("locates every chunk the real chunker cuts, overlaps included", () => {
    let seed = 7;
    const word = () => ['river', 'stone', 'lantern', 'orchard', 'copper', 'meadow', 'harbor', 'ember'][(seed = (seed * 48271) % 2147483647) % 8];
    const para = (n: number) => Array.from({ length: n }, (_, i) => (i % 11 === 10 ? `${word()}.` : word())).join(' ');
    const blocks: ParsedBlock[] = [
      { kind: 'heading', text: 'Intro', page: 1, headingPath: [], level: 1 },
      { kind: 'paragraph', text: para(300), page: 1, headingPath: ['Intro'] },
      { kind: 'paragraph', text: para(120), page: 2, headingPath: ['Intro'] },
    ];
    const chunks = chunkDocument({ title: null, blocks, pageCount: 2, warnings: [] }, words, { chunkTokens: 64, overlapTokens: 16 });
    expect(chunks.length).toBeGreaterThan(5);
    const { text, chunks: placed } = assembleText(chunks.map((c) => ({ id: String(c.ordinal), ordinal: c.ordinal, text: c.text, page: c.page })));
    for (const [i, c] of placed.entries()) expect(text.slice(c.start, c.end)).toBe(chunks[i].text);
    // The overlaps were written once: the text is shorter than the chunks laid end to end.
    expect(text.length).toBeLessThan(chunks.reduce((n, c) => n + c.text.length + 2, 0) - 100);
  });

  it('finds no overlap where none is shared, and ignores coincidences shorter than 8 characters', () => {
    expect(overlapLength('one two three', 'four five')).toBe(0);
    expect(overlapLength('ends with the', 'the start')).toBe(0);
    expect(overlapLength('xxxxxxxx repeated words repeated words', 'repeated words and more')).toBe('repeated words'.length);
  });
});
