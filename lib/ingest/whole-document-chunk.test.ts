import { describe, expect, it } from 'vitest';
import { wholeDocumentChunk } from './chunk';
import type { ParsedDocument, Tokenizer } from './types';

// One token per whitespace-separated word: enough to check what is counted.
const words: Tokenizer = {
  encode: (text) => text.split(/\s+/).filter(Boolean).map((w) => w.length),
  count: (text) => text.split(/\s+/).filter(Boolean).length,
};

const doc = (blocks: ParsedDocument['blocks']): ParsedDocument => ({ title: null, blocks, pageCount: null, warnings: [] });

describe('wholeDocumentChunk', () => {
  it('keeps the whole text as one chunk, however long, with its real token count', () => {
    const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const [chunk, ...rest] = wholeDocumentChunk(doc([{ kind: 'paragraph', text: long, page: null, headingPath: [] }]), words);
    expect(rest).toEqual([]);
    expect(chunk).toEqual({ ordinal: 0, text: long, tokenCount: 600, page: null, headingPath: [] });
  });

  it('joins blocks by lines, normalising whitespace as the chunker does', () => {
    const chunks = wholeDocumentChunk(
      doc([
        { kind: 'heading', text: 'Title', level: 1, page: 2, headingPath: [] },
        { kind: 'paragraph', text: '  Body   text\n\n more ', page: 2, headingPath: ['Title'] },
      ]),
      words,
    );
    expect(chunks).toEqual([{ ordinal: 0, text: 'Title\nBody text\nmore', tokenCount: 4, page: 2, headingPath: [] }]);
  });

  it('gives no chunk for a document without text', () => {
    expect(wholeDocumentChunk(doc([{ kind: 'paragraph', text: '  \n ', page: null, headingPath: [] }]), words)).toEqual([]);
  });
});
