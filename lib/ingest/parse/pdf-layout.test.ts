import { describe, expect, it } from 'vitest';
import { layoutPdf, type RawItem } from './pdf-layout';

/** A text item at (x, y) in a font of `size` points, as the PDF worker sends it. */
function item(str: string, x: number, y: number, size = 10, eol = false): RawItem {
  return [str, eol ? 1 : 0, size, 0, 0, size, x, y, str.length * size * 0.5, size];
}

const page = (items: RawItem[], n = 1) => ({ page: n, items });

describe('layoutPdf', () => {
  it('joins lines into paragraphs and splits at a larger gap', () => {
    const doc = layoutPdf(
      [page([item('First line of a', 72, 700, 10, true), item('paragraph.', 72, 688), item('Second paragraph.', 72, 660)])],
      null,
    );
    expect(doc.blocks.map((b) => b.text)).toEqual(['First line of a paragraph.', 'Second paragraph.']);
  });

  it('spells ligature glyphs out, even when the ligature is its own text item', () => {
    // A font without a ToUnicode map: ﬁ by glyph name, and TeX's OT1 "fl" code 13 split off.
    const doc = layoutPdf([page([item('\uFB01nance and', 72, 700), item('cash', 72, 688), item('\u000D', 92, 688), item('ow', 97, 688)])], null);
    expect(doc.blocks.map((b) => b.text)).toEqual(['finance and cashflow']);
  });

  describe('lines with right-to-left text', () => {
    // مرحبا بكم جميعا ("welcome, everyone"): read right to left, so the first word is rightmost.
    const [w1, w2, w3] = ['\u0645\u0631\u062D\u0628\u0627', '\u0628\u0643\u0645', '\u062C\u0645\u064A\u0639\u0627'];
    const at = { [w1]: 200, [w2]: 160, [w3]: 110 };
    const logical = `${w1} ${w2} ${w3}`;

    it('reads an Arabic line drawn word by word from left to right in logical order', () => {
      const doc = layoutPdf([page([w3, w2, w1].map((w) => item(w, at[w], 700)))], null);
      expect(doc.blocks.map((b) => b.text)).toEqual([logical]);
    });

    it('keeps an Arabic line drawn from right to left as one line', () => {
      const doc = layoutPdf([page([w1, w2, w3].map((w) => item(w, at[w], 700)))], null);
      expect(doc.blocks.map((b) => b.text)).toEqual([logical]);
    });

    it('reads an Arabic phrase inside an English sentence in its own order', () => {
      const items = [item('The phrase', 72, 700), item(w2, 130, 700), item(w1, 150, 700), item('means welcome.', 180, 700)];
      expect(layoutPdf([page(items)], null).blocks[0].text).toBe(`The phrase ${w1} ${w2} means welcome.`);
    });
  });

  it('undoes hyphenation only where a word was clearly split', () => {
    const lines = ['The infor-', 'mation is state-of-the-', 'art and pre-', 'COVID.'];
    const doc = layoutPdf([page(lines.map((text, i) => item(text, 72, 700 - i * 12)))], null);
    expect(doc.blocks[0].text).toBe('The information is state-of-the-art and pre-COVID.');
  });

  it('marks larger type as headings with levels and heading paths', () => {
    const doc = layoutPdf(
      [
        page([
          item('Annual Report', 72, 750, 20),
          item('Revenue', 72, 700, 14),
          item('Revenue grew in every region this year.', 72, 680),
        ]),
      ],
      'Microsoft Word - report.docx',
    );
    expect(doc.title).toBe('report.docx');
    expect(doc.blocks.map((b) => [b.kind, b.level, b.text, b.headingPath])).toEqual([
      ['heading', 1, 'Annual Report', []],
      ['heading', 2, 'Revenue', ['Annual Report']],
      ['paragraph', undefined, 'Revenue grew in every region this year.', ['Annual Report', 'Revenue']],
    ]);
  });

  it('keeps a superscript on its line even when pdf.js marks an end of line before it', () => {
    const doc = layoutPdf([page([item('Ada Lovelace', 72, 700), item('*', 132, 704, 6), item('', 135, 700, 10, true), item(', Alan Turing', 135, 700)])], null);
    expect(doc.blocks[0].text).toBe('Ada Lovelace*, Alan Turing');
  });

  it('drops page numbers at the top and bottom of a page and notes pages without text', () => {
    const doc = layoutPdf(
      [page([item('12', 300, 780), item('Body text.', 72, 700), item('Page 3 of 9', 300, 40)]), page([], 2)],
      null,
    );
    expect(doc.blocks.map((b) => [b.text, b.page])).toEqual([['Body text.', 1]]);
    expect(doc.warnings).toEqual(['No text found on page 2, not even by OCR; it was skipped.']);
  });

  it('throws no_text when no page has text', () => {
    expect(() => layoutPdf([page([]), page([item('  ', 0, 0)], 2)], null)).toThrow(/no text layer/);
  });
});
