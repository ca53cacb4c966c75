import { describe, expect, it } from 'vitest';
import { chunkContext, documentTitle, embeddingText } from './chunk-context';
import type { Tokenizer } from './types';

// One token per word: enough to check the budget without a model.
const words: Tokenizer = { encode: (t) => t.split(/\s+/).filter(Boolean).map(() => 1), count: (t) => t.split(/\s+/).filter(Boolean).length };

describe('chunk context', () => {
  it('joins title and heading path, dropping a first heading that repeats the title', () => {
    expect(chunkContext('Zephyr manual', ['Zephyr Manual', 'Installation', 'Windows'], words)).toBe('Zephyr manual › Installation › Windows');
    expect(chunkContext('', ['Setup'], words)).toBe('Setup');
    expect(chunkContext('', [], words)).toBe('');
  });

  it('keeps the outermost words when the path is over budget', () => {
    expect(chunkContext('A very long title', ['and a heading'], words, 5)).toBe('A very long title ›');
  });

  it('takes the title from the document, else from the file name', () => {
    expect(documentTitle('Annual report', 'x.pdf')).toBe('Annual report');
    expect(documentTitle(null, 'q3_sales-figures.csv')).toBe('q3 sales figures');
    expect(documentTitle(null, undefined)).toBe('');
  });

  it('puts the context before the text for the embedder only when there is one', () => {
    expect(embeddingText({ context: 'T › H', text: 'body' })).toBe('T › H\n\nbody');
    expect(embeddingText({ context: '', text: 'body' })).toBe('body');
  });
});
