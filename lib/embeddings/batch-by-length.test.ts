import { describe, expect, it } from 'vitest';
import { batchesByLength } from './transformers';

const rows = (...lengths: number[]) => lengths.map((n) => Array.from({ length: n }, (_, i) => i));
const sorted = (ids: number[][]) => ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length);

describe('batchesByLength', () => {
  it('keeps a short text out of a batch of long ones, where padding would triple its cost', () => {
    const ids = rows(250, 60, 248, 245);
    expect(batchesByLength(sorted(ids), ids, 4)).toEqual([[1], [3, 2, 0]]);
  });

  it('fills batches of similar lengths up to the batch size, in length order, every text once', () => {
    const ids = rows(100, 101, 102, 103, 104, 105, 106);
    const batches = batchesByLength(sorted(ids), ids, 4);
    expect(batches).toEqual([[0, 1, 2, 3], [4, 5, 6]]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
