import { describe, expect, it } from 'vitest';
import { pickQuotes, quoteAnswer, quoteStream, terms } from './quotes';
import type { Source } from './types';

const source = (index: number, text: string): Source => ({ index, text, chunkId: `c${index}`, documentId: `d${index}`, documentName: `doc${index}.txt`, score: 1 / index, page: null });

describe('quotes answer mode', () => {
  it('matches word forms and drops words every question has', () => {
    expect(terms('What do the zebras eat?')).toEqual(['zebra', 'eat']);
  });

  it('quotes the sentences that answer, in source order, each cited', () => {
    const sources = [
      source(1, 'Lions hunt at night. Zebras graze on clover at dawn.'),
      source(2, 'The savanna is wide. In the dry season zebras migrate north for clover.'),
    ];
    expect(quoteAnswer('Where do zebras find clover?', sources)).toBe(
      'Zebras graze on clover at dawn. [1] In the dry season zebras migrate north for clover. [2]',
    );
  });

  it('leaves out a sentence that only mentions the subject in passing', () => {
    const quotes = pickQuotes('When do zebras eat clover?', [source(1, 'Zebras eat clover at dawn. Zebras sleep standing up.')]);
    expect(quotes.map((q) => q.text)).toEqual(['Zebras eat clover at dawn.']);
  });

  it('says so when nothing matches, pointing at the closest passage', () => {
    expect(quoteAnswer('quantum chromodynamics', [source(1, 'Zebras eat clover. More text.')])).toMatch(/No sentence .* Zebras eat clover\. \[1\]$/);
    expect(quoteAnswer('anything', [])).toMatch(/^No passage in the documents/);
  });

  it('streams the same text it would return', async () => {
    const sources = [source(1, 'Zebras eat clover at dawn. Lions eat zebras at night.')];
    let text = '';
    for await (const piece of quoteStream('What do zebras and lions eat?', sources)) text += piece;
    expect(text).toBe(quoteAnswer('What do zebras and lions eat?', sources));
  });
});
