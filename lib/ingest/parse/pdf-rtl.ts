/**
 * Right-to-left text whose ToUnicode map gives one glyph a whole cluster of letters.
 *
 * pdf.js assumes a text run's characters are in visual order and reverses RTL runs into
 * logical order (its own Unicode bidi pass). That is right for one letter per glyph, but
 * some producers (WeasyPrint, cairo; habibi.pdf in the shared fixtures) map one glyph to the
 * cluster's letters already in logical order, and character-wise reversal turns "حَبيبي"
 * into "يبيبَح". The glyph, not the character, is the unit to reverse (pypdf #1589 names the
 * same fault for lam-alef ligatures). The worker collects the multi-letter glyph strings of
 * pages with RTL text from pdf.js's operator list and hands them to `restoreRtlClusters`.
 *
 * Both functions are serialised into the worker's source, so they must stay self-contained.
 */

/** The RTL runs of glyph strings long enough to be a cluster, not a two-letter ligature. */
export function rtlClusterRuns(glyphStrings: string[]): string[] {
  const runs = new Set<string>();
  for (const s of glyphStrings) {
    // Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms, with their marks.
    for (const m of s.normalize('NFKC').matchAll(/[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]+/g)) {
      // Two letters (lam-alef) reversed look exactly like the common "ال" read glyph by glyph:
      // only longer clusters are unambiguous.
      if (m[0].replace(/[\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g, '').length >= 3) runs.add(m[0]);
    }
  }
  return [...runs];
}

/** Puts each cluster that pdf.js reversed character by character back in logical order. */
export function restoreRtlClusters(text: string, runs: string[]): string {
  let out = text;
  for (const run of runs) {
    const reversed = Array.from(run).reverse().join('');
    if (reversed !== run) out = out.split(reversed).join(run);
  }
  return out;
}
