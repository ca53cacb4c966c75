import { describe, expect, it } from 'vitest';
import { restoreRtlClusters, rtlClusterRuns } from './pdf-rtl';

const HABIBI = '\u062D\u064E\u0628\u064A\u0628\u064A'; // حَبيبي
const reversed = (s: string) => Array.from(s).reverse().join('');

describe('RTL clusters mapped to one glyph', () => {
  it('takes the RTL part of multi-letter glyph strings, marks included', () => {
    expect(rtlClusterRuns([`${HABIBI} h`, `${HABIBI} `, 'ffi'])).toEqual([HABIBI]);
  });

  it('leaves two-letter ligatures alone: reversed lam-alef reads like a real alef-lam', () => {
    expect(rtlClusterRuns(['\u0644\u0627', '\uFEFB'])).toEqual([]);
  });

  it('puts a cluster that was reversed character by character back in order, and nothing else', () => {
    const other = '\u0645\u0631\u062D\u0628\u0627'; // مرحبا, read glyph by glyph: already right
    expect(restoreRtlClusters(`habibi ${reversed(HABIBI)} ${other}`, [HABIBI])).toBe(`habibi ${HABIBI} ${other}`);
  });
});
