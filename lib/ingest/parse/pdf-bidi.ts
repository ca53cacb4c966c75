import bidiFactory from 'bidi-js';

/**
 * The order of a line's text items when right-to-left text is on it.
 *
 * pdf.js returns each item's own characters in logical order, but a line of several items
 * comes in whatever order the content stream drew them: usually left to right (visual), so an
 * Arabic line's words, or an Arabic phrase inside English, would be read backwards; some
 * producers draw RTL words right to left instead. Either way the items' positions give their
 * visual order, and the Unicode bidi algorithm (bidi-js) turns that into logical order, each
 * item standing in for one strong character of its direction.
 */

const bidi = bidiFactory();

export interface LinePart {
  text: string;
  /** Position along the line where the item starts and ends. */
  start: number;
  end: number;
}

export const RTL_TEXT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RTL_LETTERS = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/gu;
const LETTERS = /\p{L}/gu;

function direction(text: string): { rtl: number; ltr: number } {
  const rtl = text.match(RTL_LETTERS)?.length ?? 0;
  return { rtl, ltr: (text.match(LETTERS)?.length ?? 0) - rtl };
}

/** The line's text in logical order, or null when it has no RTL text (its order is already right). */
export function orderLine(parts: LinePart[], size: number): string | null {
  if (!parts.some((p) => RTL_TEXT.test(p.text))) return null;
  const visual = [...parts].sort((a, b) => a.start - b.start);
  let rtlTotal = 0;
  let ltrTotal = 0;
  // One character per item: Hebrew alef for RTL, "a" for LTR, "1" for numbers, else neutral.
  const stand = visual
    .map((p) => {
      const { rtl, ltr } = direction(p.text);
      rtlTotal += rtl;
      ltrTotal += ltr;
      return rtl > ltr ? '\u05D0' : ltr > 0 ? 'a' : /\d/.test(p.text) ? '1' : ' ';
    })
    .join('');
  const levels = bidi.getEmbeddingLevels(stand, rtlTotal > ltrTotal ? 'rtl' : 'ltr');
  const logical = bidi.getReorderedIndices(stand, levels).map((i) => visual[i]);
  let text = logical[0].text;
  for (let i = 1; i < logical.length; i++) {
    const [prev, next] = [logical[i - 1], logical[i]];
    const gap = Math.max(next.start - prev.end, prev.start - next.end);
    text += (gap > 0.15 * size && !/\s$/.test(text) && !/^\s/.test(next.text) ? ' ' : '') + next.text;
  }
  return text;
}
