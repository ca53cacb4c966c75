/**
 * Ligatures in PDF text, back to their letters, so "ﬁnance" and "e\u21B5orts" are found by a
 * search for "finance" and "efforts". Only the ligature code points and the known broken
 * outputs change: NFKC on all text would also fold "²", "½", "ℌ" and full-width forms.
 *
 * Broken outputs come from fonts whose ToUnicode map is missing or wrong for ligature glyphs:
 * - TeX's OT1 encoding puts ff, fi, fl, ffi, ffl at codes 11–15; without a ToUnicode map those
 *   codes come through as the control characters U+000B–U+000F;
 * - pdfTeX papers (arXiv; copy-protected.pdf in the shared fixtures) map the "ff" glyph to
 *   U+21B5 "↵" and the "ffi" glyph to U+0000.
 * These are replaced only next to a letter, where they cannot be what they claim to be.
 */

// U+FB00–U+FB06: ff fi fl ffi ffl ſt st.
const PRESENTATION_LIGATURE = /[\uFB00-\uFB06]/g;

const BROKEN: Record<string, string> = {
  '\u000B': 'ff',
  '\u000C': 'fi',
  '\u000D': 'fl',
  '\u000E': 'ffi',
  '\u000F': 'ffl',
  '\u21B5': 'ff',
  '\u0000': 'ffi',
};
const BROKEN_IN_WORD = /(?<=\p{L})[\u0000\u000B-\u000F\u21B5]|[\u0000\u000B-\u000F\u21B5](?=\p{Ll})/gu;

export function repairLigatures(text: string): string {
  return text.replace(PRESENTATION_LIGATURE, (c) => c.normalize('NFKC')).replace(BROKEN_IN_WORD, (c) => BROKEN[c]);
}
