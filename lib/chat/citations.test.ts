import { describe, expect, it } from 'vitest';
import { citedSources, parseCitations } from './citations';

describe('parseCitations', () => {
  it('reads single, grouped and adjacent citations once each, in order of appearance', () => {
    expect(parseCitations('Zebras eat clover [2]. They sleep standing [1, 3][2].')).toEqual([2, 1, 3]);
    expect(parseCitations('See [4][5] and [ 6 ,7 ].')).toEqual([4, 5, 6, 7]);
  });

  it('ignores brackets that are not citations', () => {
    expect(parseCitations('No sources here. [a] [] [1.5] [-2] array[i]')).toEqual([]);
  });
});

describe('citedSources', () => {
  const sources = [1, 2, 3].map((index) => ({ index, documentName: `doc-${index}.md` }));

  it('maps numbers to sources and ignores unknown numbers', () => {
    expect(citedSources('Clover [3], dawn [9], standing [1][3].', sources).map((s) => s.documentName)).toEqual(['doc-3.md', 'doc-1.md']);
  });

  it('returns nothing when the answer cites nothing', () => {
    expect(citedSources('The documents do not answer this question.', sources)).toEqual([]);
  });
});
