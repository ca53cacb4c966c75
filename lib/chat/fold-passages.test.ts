import { describe, expect, it } from 'vitest';
import { foldDuplicatePassages } from './fold-passages';

describe('foldDuplicatePassages', () => {
  it('keeps the best-ranked copy of a passage, whatever its spacing or case, and the order', () => {
    const chunks = [
      { id: 'a', documentName: 'handbook.pdf', text: 'Leave is 20 days.' },
      { id: 'b', documentName: 'other.md', text: 'Something else.' },
      { id: 'c', documentName: 'handbook (copy).pdf', text: '  leave is 20\ndays. ' },
      { id: 'd', documentName: 'handbook.pdf', text: 'Leave is 20 days, plus holidays.' },
    ];
    expect(foldDuplicatePassages(chunks).map((c) => c.id)).toEqual(['a', 'b', 'd']);
  });
});
