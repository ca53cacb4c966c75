import { describe, expect, it } from 'vitest';
import { quantizationOf } from './trace';
import { analyseCitations, citedSentences, wordOverlap } from './trace-citations';

describe('citedSentences', () => {
  it('pairs each sentence with the numbers it cites; a trailing bracket joins the sentence before', () => {
    expect(citedSentences('Zebras eat clover [1]. They sleep standing. [2][3]\nNo source here.')).toEqual([
      { sentence: 'Zebras eat clover.', numbers: [1] },
      { sentence: 'They sleep standing.', numbers: [2, 3] },
      { sentence: 'No source here.', numbers: [] },
    ]);
  });
});

describe('analyseCitations', () => {
  it('lists cited, dangling and uncited sources and claims that cite nothing', () => {
    const result = analyseCitations('Zebras eat clover at dawn [1]. The budget is large [9]. Lions hunt zebras on the plains.', [1, 2]);
    expect(result.cited).toEqual([{ index: 1, sentence: 'Zebras eat clover at dawn.', supported: null, similarity: null, overlap: null }]);
    expect(result.dangling).toEqual([9]);
    expect(result.uncited).toEqual([2]);
    expect(result.uncitedSentences).toEqual(['Lions hunt zebras on the plains.']);
    expect(result.check).toBe('pending');
  });

  it('has nothing to check when nothing is cited', () => {
    expect(analyseCitations('The documents do not answer this question.', [1]).check).toBe('skipped');
  });
});

describe('wordOverlap', () => {
  it('is the share of content words found in the source', () => {
    expect(wordOverlap('Zebras eat clover.', 'The protocol feeds zebras clover at dawn.')).toBeCloseTo(2 / 3);
    expect(wordOverlap('It is.', 'anything')).toBeNull();
  });
});

describe('quantizationOf', () => {
  it('reads the quantization from a GGUF file name', () => {
    expect(quantizationOf('SmolLM2-135M-Instruct.Q4_1.gguf')).toBe('Q4_1');
    expect(quantizationOf('Llama-3.2-3B-Instruct-Q4_K_M.gguf')).toBe('Q4_K_M');
    expect(quantizationOf('gpt-4o-mini')).toBeNull();
  });
});
