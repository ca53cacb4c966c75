import { describe, expect, it } from 'vitest';
import { detectType } from '../detect-type';
import { parseDocument } from './index';
import { characterAccuracy, KNOWN_TEXT, mixedPdf, pageImage } from './ocr-fixtures';
import { allText, failure, fixture } from './test-helpers';

// Tesseract needs several seconds a page on two shared cores.
const SLOW = 180_000;

describe('OCR', () => {
  it('reads the image-only table page of a scanned PDF and records it', { timeout: SLOW }, async () => {
    const doc = await parseDocument(fixture('pdf/single_table.pdf'), 'application/pdf');
    const text = allText(doc);
    for (const cell of ['Base 512', '16,046', 'Chipper', '260.57 (145.80)']) expect(text).toContain(cell);
    expect(doc.ocr?.pages).toEqual([1]);
    expect(doc.ocr?.meanConfidence).toBeGreaterThan(80);
  });

  it('reads an uploaded PNG photo of a page, reporting progress', { timeout: SLOW }, async () => {
    const bytes = pageImage(KNOWN_TEXT);
    expect(detectType(bytes, 'scan.png')).toBe('image/png');
    const progress: number[] = [];
    const doc = await parseDocument(bytes, 'image/png', { onProgress: (p) => progress.push(p) });
    expect(characterAccuracy(KNOWN_TEXT.join(' '), allText(doc))).toBeGreaterThanOrEqual(0.95);
    expect(doc.blocks.every((b) => b.page === 1)).toBe(true);
    expect(doc.ocr).toEqual({ pages: [1], meanConfidence: expect.any(Number) });
    expect(progress).toEqual([1]);
  });

  it('reads JPEG, WebP and TIFF uploads too', { timeout: SLOW }, async () => {
    for (const format of ['jpeg', 'webp', 'tiff'] as const) {
      const bytes = pageImage(['Quarterly revenue grew by eleven percent.'], format);
      const type = detectType(bytes, `scan.${format}`);
      expect(type).toBe(`image/${format}`);
      expect(allText(await parseDocument(bytes, type))).toContain('revenue grew by eleven percent');
    }
  });

  it('keeps the text layer of a mixed PDF and OCRs only the scanned page', { timeout: SLOW }, async () => {
    const bytes = await mixedPdf([{ text: ['Chapter one has a real text layer about apricots.'] }, { scan: KNOWN_TEXT }]);
    const doc = await parseDocument(bytes, 'application/pdf');
    expect(doc.ocr?.pages).toEqual([2]);
    const page1 = doc.blocks.filter((b) => b.page === 1).map((b) => b.text).join(' ');
    const page2 = doc.blocks.filter((b) => b.page === 2).map((b) => b.text).join(' ');
    expect(page1).toBe('Chapter one has a real text layer about apricots.');
    expect(page2).toContain('payable on the fifth working day');
  });

  it('fails a blank scan with no_text, and refuses an image past the pixel cap before decoding it', { timeout: SLOW }, async () => {
    const blank = await failure(parseDocument(pageImage([]), 'image/png'));
    expect(blank.code).toBe('no_text');
    expect(blank.message).toMatch(/OCR found no text/);

    // A PNG header claiming 20000×20000 pixels, with no image data behind it.
    const header = Buffer.from(pageImage(['x']).subarray(0, 33));
    header.writeUInt32BE(20000, 16);
    header.writeUInt32BE(20000, 20);
    const huge = await failure(parseDocument(header, 'image/png'));
    expect(huge.code).toBe('image_too_large');
    expect(huge.message).toMatch(/scale it down/);
  });
});
