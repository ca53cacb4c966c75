import { describe, expect, it } from 'vitest';
import { repairLigatures } from './ligatures';

describe('repairLigatures', () => {
  it('turns presentation-form ligatures into letters', () => {
    expect(repairLigatures('\uFB01nance \uFB02ow \uFB00ect \uFB03ce wa\uFB04e \uFB05 \uFB06')).toBe('finance flow ffect ffice waffle st st');
  });

  it('leaves every other compatibility character alone (no NFKC on the whole text)', () => {
    const text = 'x² ½ ℌ ＡＢＣ ①';
    expect(repairLigatures(text)).toBe(text);
  });

  it('mends the TeX OT1 control codes and the pdfTeX ↵ / NUL outputs inside words', () => {
    expect(repairLigatures('e\u21B5orts, o\u21B5-the-shelf, di\u0000culties, e\u0000cient')).toBe('efforts, off-the-shelf, difficulties, efficient');
    expect(repairLigatures('\u000Cnance \u000Dow o\u000Ber o\u000Ece ba\u000Fe')).toBe('finance flow offer office baffle');
  });

  it('keeps a real ↵ that is not inside a word', () => {
    expect(repairLigatures('Press ↵ to confirm')).toBe('Press ↵ to confirm');
  });
});
