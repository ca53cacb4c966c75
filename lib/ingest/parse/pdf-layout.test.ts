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
