import { describe, expect, it } from 'vitest';
import { RepetitionGuard } from './repetition';

describe('the repeated-sentence guard', () => {
  it('trips when a sentence comes back a third time, however the text is split', () => {
    const guard = new RepetitionGuard();
    const loop = 'Zebras eat clover at dawn [1]. '.repeat(3);
    const pieces = loop.match(/.{1,4}/gs)!;
    const tripped = pieces.map((p) => guard.push(p));
    expect(tripped.indexOf(true)).toBeGreaterThan(pieces.length - 4);
  });

  it('lets varied text and short repeated sentences through', () => {
    const guard = new RepetitionGuard();
    expect(guard.push('Yes. Yes. Yes. Yes. Zebras eat clover [1]. Lions hunt at night [2]. Zebras eat clover at dawn [1]. ')).toBe(false);
  });
});
