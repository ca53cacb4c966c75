import { describe, expect, it } from 'vitest';
import { citationPrecision, containsAnswer, exactMatch, isRefusal, normalizeAnswer, quantile, tokenF1 } from './answer-metrics';

describe('SQuAD normalisation, exact match and token F1', () => {
  it('lower-cases and drops punctuation, articles and extra space', () => {
    expect(normalizeAnswer('  The  Eiffel Tower, in Paris!')).toBe('eiffel tower in paris');
  });

  it('scores against the best gold answer', () => {
    expect(exactMatch('the Eiffel Tower.', ['Eiffel Tower', 'tower'])).toBe(1);
    expect(exactMatch('Eiffel', ['Eiffel Tower'])).toBe(0);
    // prediction "eiffel tower paris" vs gold "eiffel tower": P = 2/3, R = 1, F1 = 0.8
    expect(tokenF1('Eiffel Tower, Paris', ['Eiffel Tower', 'Louvre'])).toBeCloseTo(0.8);
    expect(tokenF1('clover', ['the quokka protocol'])).toBe(0);
  });
});

describe('answer in sources and citation precision', () => {
  it('finds a gold answer as whole words in a source, never a bare yes/no', () => {
    expect(containsAnswer('Zebras eat clover at dawn.', ['clover'])).toBe(true);
    expect(containsAnswer('Cloverleaf interchanges.', ['clover'])).toBe(false);
    expect(containsAnswer('yes, they do', ['yes'])).toBe(false);
  });

  it('counts cited sources holding the answer or from a gold document', () => {
    const cited = [
      { text: 'Zebras eat clover.', documentName: 'a.txt' },
      { text: 'Unrelated.', documentName: 'Gold Page.txt' },
      { text: 'Unrelated.', documentName: 'c.txt' },
    ];
    expect(citationPrecision(cited, ['clover'], ['Gold Page'])).toBeCloseTo(2 / 3);
    expect(citationPrecision([], ['clover'], [])).toBeNull();
  });
});

describe('refusals and quantiles', () => {
  it('recognises a plain refusal', () => {
    expect(isRefusal('The documents do not answer the question.')).toBe(true);
    expect(isRefusal('Zebras eat clover [1].')).toBe(false);
  });

  it('interpolates like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(quantile([], 0.5)).toBeNull();
  });
});
