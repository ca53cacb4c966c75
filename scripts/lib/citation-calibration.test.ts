import { describe, expect, it } from 'vitest';
import { bestThreshold, separation } from './citation-calibration';

const pairs = (supported: number[], unsupported: number[]) => [
  ...supported.map((score) => ({ score, supported: true })),
  ...unsupported.map((score) => ({ score, supported: false })),
];

describe('bestThreshold', () => {
  it('sits in the middle of the gap when the classes separate cleanly', () => {
    const best = bestThreshold(pairs([0.8, 0.7, 0.66], [0.3, 0.4, 0.5]));
    expect(best.threshold).toBeCloseTo(0.58, 2); // 0.51 … 0.66 all separate them; the middle of that run
    expect(best).toMatchObject({ balancedAccuracy: 1, f1: 1 });
  });

  it('weighs the classes the same when one is larger', () => {
    // Nine unrelated pairs at 0.45 and one supported at 0.5: cutting at 0.46–0.50 gets everything right.
    const best = bestThreshold(pairs([0.5], Array(9).fill(0.45)));
    expect(best.threshold).toBeGreaterThan(0.45);
    expect(best.threshold).toBeLessThanOrEqual(0.5);
    expect(separation(pairs([0.5], Array(9).fill(0.45)), 0.45).balancedAccuracy).toBe(0.5);
  });
});
