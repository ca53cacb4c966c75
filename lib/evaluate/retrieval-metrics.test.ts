import { describe, expect, it } from 'vitest';
import { mrrAtK, ndcgAtK, rankDocuments, recallAtK, recallInFirstChunks, scoreRun } from './retrieval-metrics';

const judged = (grades: Record<string, number>) => new Map(Object.entries(grades));

// Expected values were computed by hand and agree with pytrec_eval (pytrec-eval-terrier 0.5,
// measures ndcg_cut_10 and recall_10/recall_100) on the same qrels and runs.
describe('ndcgAtK', () => {
  it('discounts by log2(rank + 1) against the ideal ranking of the qrels', () => {
    // (1/log2 3 + 1/log2 5) / (1 + 1/log2 3)
    expect(ndcgAtK(['x', 'a', 'y', 'b'], judged({ a: 1, b: 1 }), 10)).toBeCloseTo(0.6509209298, 9);
  });

  it('uses the grade itself as the gain, as trec_eval does (not 2^grade − 1)', () => {
    // (1 + 2/log2 3) / (2 + 1/log2 3); exponential gain would give 0.7967.
    expect(ndcgAtK(['b', 'a'], judged({ a: 2, b: 1 }), 10)).toBeCloseTo(0.8597186999, 9);
  });

  it('builds the ideal from every judged document, retrieved or not', () => {
    expect(ndcgAtK(['a'], judged({ a: 1, b: 1, c: 1 }), 10)).toBeCloseTo(0.469278726, 9);
  });

  it('gives nothing for grade-0 judgements and for hits past the cut-off', () => {
    expect(ndcgAtK(['a', 'b'], judged({ a: 0, b: 1 }), 10)).toBeCloseTo(0.6309297536, 9);
    expect(ndcgAtK(['x', 'a'], judged({ a: 1 }), 1)).toBe(0);
    expect(ndcgAtK(['a'], judged({ a: 1 }), 10)).toBe(1);
  });
});

describe('recallAtK', () => {
  it('is the share of relevant documents in the top k', () => {
    expect(recallAtK(['a'], judged({ a: 1, b: 1, c: 1 }), 10)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(['x', 'y', 'a'], judged({ a: 1, b: 1 }), 2)).toBe(0);
    expect(recallAtK(['x', 'y', 'a'], judged({ a: 1, b: 1 }), 3)).toBe(0.5);
  });

  it('does not count grade-0 judgements as relevant', () => {
    expect(recallAtK(['b'], judged({ a: 0, b: 1 }), 10)).toBe(1);
  });
});

describe('mrrAtK', () => {
  it('is the reciprocal rank of the first relevant hit, 0 past the cut-off', () => {
    expect(mrrAtK(['x', 'a', 'b'], judged({ a: 1, b: 1 }), 10)).toBe(0.5);
    const late = [...'xyzwvutsrq'].concat('a');
    expect(mrrAtK(late, judged({ a: 1 }), 10)).toBe(0);
    expect(mrrAtK(late, judged({ a: 1 }), 11)).toBeCloseTo(1 / 11, 12);
  });
});

describe('rankDocuments', () => {
  it("ranks each document by its best chunk and lists it once", () => {
    const hits = [{ doc: 'd2' }, { doc: 'd1' }, { doc: 'd2' }, { doc: 'd3' }, { doc: 'd1' }];
    expect(rankDocuments(hits, (h) => [h.doc])).toEqual(['d2', 'd1', 'd3']);
  });

  it('expands a stored document into every dataset id it stands for', () => {
    const aliases: Record<string, string[]> = { s1: ['a', 'b'], s2: ['c'] };
    expect(rankDocuments([{ doc: 's2' }, { doc: 's1' }], (h) => aliases[h.doc])).toEqual(['c', 'a', 'b']);
  });
});

describe('scoreRun', () => {
  it('averages over every judged query, counting a query with no results as 0', () => {
    const qrels = new Map([
      ['q1', judged({ a: 1 })],
      ['q2', judged({ b: 1 })],
    ]);
    const scores = scoreRun(new Map([['q1', ['a']]]), qrels);
    expect(scores).toEqual({ 'ndcg@10': 0.5, 'recall@10': 0.5, 'recall@100': 0.5, 'mrr@10': 0.5 });
  });

  it('names the metrics after the cut-offs', () => {
    const scores = scoreRun(new Map([['q', ['x', 'a']]]), new Map([['q', judged({ a: 1 })]]), 1, 5);
    expect(scores).toEqual({ 'ndcg@1': 0, 'recall@1': 0, 'recall@5': 1, 'mrr@1': 0 });
  });
});

describe('recallInFirstChunks', () => {
  it('counts distinct relevant documents among the first k chunks', () => {
    const chunks = [['a'], ['a'], ['x'], ['b']];
    const qrels = judged({ a: 1, b: 1 });
    expect(recallInFirstChunks(chunks, qrels, 2)).toBe(0.5); // two chunks, one document
    expect(recallInFirstChunks(chunks, qrels, 4)).toBe(1);
    expect(recallInFirstChunks([], qrels, 6)).toBe(0);
  });
});
