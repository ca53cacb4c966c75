import { AppError } from '@/lib/errors';
import type { ParsedDocument } from '../types';
import { BlockBuilder } from './blocks';
import { repairLigatures } from './ligatures';
import { type LinePart, orderLine, RTL_TEXT } from './pdf-bidi';

/** A pdf.js text item, flattened by the worker: [str, hasEOL, a, b, c, d, e, f, width, height]. */
export type RawItem = [string, number, number, number, number, number, number, number, number, number];

export interface PdfPage {
  page: number;
  items: RawItem[];
  error?: string;
}

interface Line {
  text: string;
  /** Text not running left to right (margin stamps, rotated labels); never a heading. */
  rotated: boolean;
  size: number;
  /** Position across the text direction (the baseline's y for unrotated text). */
  base: number;
  start: number;
  end: number;
  /** The items as drawn, for reordering a line with right-to-left text. */
  parts: LinePart[];
}

interface Paragraph {
  lines: Line[];
  size: number;
  page: number;
}

const BULLET = /^([•◦▪▫‣●○■□–—*-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s/;
const SENTENCE_END = /[.!?:;。！？]["'”’)]?$/;

/** Turns pdf.js text items into headed paragraphs, page by page. */
export function layoutPdf(pages: PdfPage[], title: string | null): ParsedDocument {
  const warnings: string[] = [];
  const paragraphs: Paragraph[] = [];
  const blankPages: number[] = [];
  for (const p of [...pages].sort((a, b) => a.page - b.page)) {
    if (p.error) warnings.push(`Page ${p.page} could not be read (${p.error}); it was skipped.`);
    const paras = dropPageNumbers(toParagraphs(toLines(p.items), p.page));
    if (paras.length === 0 && !p.error) blankPages.push(p.page);
    paragraphs.push(...paras);
  }
  if (paragraphs.length === 0) throw pdfNoText();
  if (blankPages.length > 0) {
    const listed = blankPages.slice(0, 10).join(', ') + (blankPages.length > 10 ? ` and ${blankPages.length - 10} more` : '');
    const many = blankPages.length > 1;
    warnings.push(`No text found on page${many ? 's' : ''} ${listed}, not even by OCR; ${many ? 'they were' : 'it was'} skipped.`);
  }

  const builder = new BlockBuilder();
  const levels = headingLevels(paragraphs);
  for (const para of paragraphs) {
    const text = joinLines(para.lines);
    const level = levels.get(roundSize(para.size));
    if (level !== undefined && isHeadingLike(text, para)) builder.heading(text, level, para.page);
    else builder.add(BULLET.test(text) ? 'list' : 'paragraph', text, para.page);
  }
  const cleanTitle = title?.replace(/^Microsoft (Word|PowerPoint) - /, '').trim() || null;
  return { title: cleanTitle, blocks: builder.blocks, pageCount: pages.length, warnings };
}

/** Pages without a single non-blank text item (scans), which OCR is asked to read. */
export function pagesWithoutText(pages: PdfPage[]): number[] {
  return pages.filter((p) => !p.error && !p.items.some((item) => item[0].trim() !== '')).map((p) => p.page);
}

export function pdfNoText(): AppError {
  return new AppError(
    'no_text',
    'No text could be extracted: the PDF has no text layer and OCR recognised no text either; check the scan is legible (at least 200 dpi, upright) and upload it again.',
    422,
  );
}

function toLines(items: RawItem[]): Line[] {
  const lines: Line[] = [];
  let line: Line | null = null;
  let sizeChars = new Map<number, number>();
  // pdf.js sets hasEOL on items that are followed by more text on the same baseline (after a
  // superscript, for example), so an EOL only ends the line if the next item is elsewhere.
  let pendingEol = false;
  const close = () => {
    // Ligatures are mended before trimming: two of TeX's broken ligature codes are whitespace.
    if (line) line.text = repairLigatures(orderLine(line.parts, line.size) ?? line.text);
    if (line && line.text.trim()) {
      line.text = line.text.trim();
      line.size = [...sizeChars].sort((x, y) => y[1] - x[1])[0]?.[0] ?? line.size;
      lines.push(line);
    }
    line = null;
    sizeChars = new Map();
    pendingEol = false;
  };

  for (const [str, eol, a, b, c, d, e, f, width] of items) {
    const norm = Math.hypot(a, b) || 1;
    const [dx, dy] = [a / norm, b / norm];
    const size = Math.hypot(c, d) || norm;
    const base = -dy * e + dx * f;
    const along = dx * e + dy * f;
    if (str !== '') {
      const current: Line | null = line;
      if (current) {
        const sameLine = Math.abs(base - current.base) <= 0.5 * Math.max(size, current.size);
        const gap = along - current.end;
        // RTL words may be drawn right to left: the next one ends just left of the line's start.
        const leftward = RTL_TEXT.test(str) && along + width <= current.start + 0.5 * size && current.start - (along + width) <= 3 * size;
        const continues = leftward || (pendingEol ? gap >= -0.5 * size && gap <= 3 * size : gap >= -2 * size);
        if (!sameLine || !continues) close();
      }
      pendingEol = false;
      if (!line) {
        line = { text: str, size, base, start: along, end: along + width, rotated: Math.abs(dx - 1) > 0.01, parts: [] };
      } else {
        const l: Line = line;
        const gap = along - l.end;
        const needsSpace = gap > 0.15 * size && !/\s$/.test(l.text) && !/^\s/.test(str);
        l.text += (needsSpace ? ' ' : '') + str;
        l.start = Math.min(l.start, along);
        l.end = Math.max(l.end, along + width);
      }
      line.parts.push({ text: str, start: along, end: along + width });
      const chars = str.trim().length;
      if (chars > 0) sizeChars.set(roundSize(size), (sizeChars.get(roundSize(size)) ?? 0) + chars);
    }
    if (eol) pendingEol = true;
  }
  close();
  return lines;
}

function toParagraphs(lines: Line[], page: number): Paragraph[] {
  const paras: Paragraph[] = [];
  let para: Paragraph | null = null;
  let gap = 0;
  let left = 0;
  let right = 0;
  for (const line of lines) {
    const prev: Line | undefined = para?.lines[para.lines.length - 1];
    let split = true;
    if (para && prev) {
      const dy = prev.base - line.base;
      const size = Math.max(prev.size, line.size);
      split =
        Math.abs(line.size - para.size) > 0.08 * para.size ||
        dy <= 0 ||
        dy > 2 * size ||
        (gap > 0 && dy > gap * 1.4 + 1) ||
        BULLET.test(line.text) ||
        (line.start - left > 0.8 * size && line.start - left < 8 * size && para.lines.length > 1) ||
        (SENTENCE_END.test(prev.text) && prev.end < right - 4 * size);
      if (!split && para.lines.length === 1) gap = dy;
    }
    if (split || !para) {
      para = { lines: [line], size: line.size, page };
      paras.push(para);
      gap = 0;
      left = line.start;
      right = line.end;
    } else {
      para.lines.push(line);
      left = Math.min(left, line.start);
      right = Math.max(right, line.end);
    }
  }
  return paras;
}

const PAGE_NUMBER = /^(page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(\s*(of|\/)\s*\d{1,4})?$/i;

/** Page numbers in headers and footers are noise for search; body numbers stay. */
function dropPageNumbers(paras: Paragraph[]): Paragraph[] {
  const isNumber = (p: Paragraph | undefined) => p !== undefined && p.lines.length === 1 && PAGE_NUMBER.test(p.lines[0].text);
  let start = 0;
  let end = paras.length;
  if (isNumber(paras[0])) start++;
  if (end > start && isNumber(paras[end - 1])) end--;
  return paras.slice(start, end);
}

/** Joins a paragraph's lines, undoing end-of-line hyphenation where a word was clearly split. */
function joinLines(lines: Line[]): string {
  let text = '';
  for (const line of lines) {
    if (!text) {
      text = line.text;
    } else if (/\p{L}-$/u.test(text)) {
      // "infor-" + "mation" is one word; "state-of-the-" + "art" and "pre-" + "COVID" keep the hyphen.
      const split = /\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line.text) && !/-\S*-$/.test(lastWord(text));
      text = (split ? text.slice(0, -1) : text) + line.text;
    } else if (text.endsWith('\u00AD')) {
      text = text.slice(0, -1) + line.text;
    } else if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(text) && /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(line.text)) {
      text += line.text;
    } else {
      text += ' ' + line.text;
    }
  }
  return text;
}

function lastWord(text: string): string {
  return text.slice(text.lastIndexOf(' ') + 1);
}

/** Font sizes clearly above the body size, largest first, mapped to heading levels 1..6. */
function headingLevels(paragraphs: Paragraph[]): Map<number, number> {
  const chars = new Map<number, number>();
  for (const p of paragraphs) {
    if (p.lines[0].rotated) continue;
    const n = p.lines.reduce((sum, l) => sum + l.text.length, 0);
    chars.set(roundSize(p.size), (chars.get(roundSize(p.size)) ?? 0) + n);
  }
  const body = [...chars].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 0;
  const larger = [...chars.keys()].filter((s) => s >= body * 1.1).sort((x, y) => y - x);
  return new Map(larger.map((s, i) => [s, Math.min(i + 1, 6)]));
}

function isHeadingLike(text: string, para: Paragraph): boolean {
  return !para.lines[0].rotated && para.lines.length <= 3 && text.length <= 150 && /\p{L}/u.test(text) && !/[.,;]$/.test(text);
}

function roundSize(size: number): number {
  return Math.round(size * 2) / 2;
}
