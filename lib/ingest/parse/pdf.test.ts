import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { ParsedDocument } from '../types';
import { parseDocument } from './index';
import { parsePdf as parsePdfDirect } from './pdf';
import { PDF_WORKER_SOURCE } from './pdf-worker-source';
import { allText, failure, fixture } from './test-helpers';

const parsePdf = (file: string, opts = {}) => parseDocument(fixture(`pdf/${file}`), 'application/pdf', opts);

describe('parsePdf on real files', () => {
  it('reads a two-column LaTeX document page by page', async () => {
    const doc = await parsePdf('multicolumn.pdf');
    expect(doc.pageCount).toBe(3);
    expect(new Set(doc.blocks.map((b) => b.page))).toEqual(new Set([1, 2, 3]));
    const title = doc.blocks.find((b) => b.kind === 'heading' && b.text === 'Two-Column Document with Lorem Ipsum');
    expect(title?.page).toBe(1);
    expect(doc.blocks.find((b) => b.text.includes('Table 1: EU Countries Information'))?.page).toBe(3);
    expect(allText(doc)).not.toMatch(/^\d$/m);
  });

  it('keeps author names with superscript marks on one line in an academic paper', async () => {
    const doc = await parsePdf('multi-column-2p.pdf');
    expect(doc.pageCount).toBe(2);
    expect(doc.blocks[0]).toMatchObject({ kind: 'heading', text: 'Dense Passage Retrieval for Open-Domain Question Answering', page: 1 });
    expect(allText(doc)).toContain('Vladimir Karpukhin∗, Barlas O˘guz∗, Sewon Min');
    expect(doc.blocks.some((b) => b.page === 2 && b.text.includes('Background'))).toBe(true);
    // The rotated arXiv stamp in the margin is text, not a heading.
    expect(doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).not.toContainEqual(expect.stringContaining('arXiv'));
  });

  it('takes the title from metadata and keeps table text', async () => {
    const doc = await parsePdf('embedded-images-tables.pdf');
    expect(doc.title).toBe('Data on environmental sustainable corrosion inhibitor for stainless steel in aggressive environment');
    expect(allText(doc)).toContain('Potentiodynamic polarization data for stainless steel');
    expect(allText(doc)).toContain('Langmuir adsorption isotherm');
  });

  it('extracts Korean text', async () => {
    const text = allText(await parsePdf('korean-text-with-tables.pdf'));
    expect(text).toContain('적립 제외 대상');
    expect(text).toContain('빅포인트의 유효기간은 5년으로');
  });

  it('extracts Arabic text in logical order', async () => {
    // habibi.pdf is WeasyPrint's rendering of <div>حَبيبي habibi</div> (py-pdf/sample-files 015);
    // its ToUnicode maps one glyph to the whole word, which pdf.js alone returns reversed.
    const doc = await parsePdf('habibi.pdf');
    expect(doc.title).toBe('habibi');
    const text = allText(doc);
    expect(text).toContain('habibi \u062D\u064E\u0628\u064A\u0628\u064A'); // habibi حَبيبي
    expect(text).not.toContain('\u064A\u0628\u064A\u0628\u064E\u062D'); // reversed: يبيبَح
  });

  it('keeps the noisy OCR text layer of a scanned page', async () => {
    const text = allText(await parsePdf('pdf-with-ocr-text.pdf'));
    expect(text).toContain('tanntxim');
    expect(text).toContain('industrydocuments.ucsf.edu');
  });

  it('refuses a PDF with a user password with encrypted_pdf', async () => {
    const error = await failure(parsePdf('libreoffice-writer-password.pdf'));
    expect(error.code).toBe('encrypted_pdf');
    expect(error.message).toBe('This PDF is password-protected; remove the password and upload it again.');
  });

  it('extracts an owner-password-only (copy-protected, AES) PDF', async () => {
    const doc = await parsePdf('copy-protected.pdf');
    expect(doc.pageCount).toBe(2);
    expect(doc.blocks[0]).toMatchObject({ kind: 'heading', text: expect.stringContaining('LayoutParser') });
    expect(allText(doc)).toContain('document image analysis');
    expect(doc.blocks.find((b) => b.text === '1 Introduction')).toMatchObject({ kind: 'heading', page: 1 });
  });

  it('mends ligatures that the fonts of a pdfTeX paper map to ↵ and NUL', async () => {
    // Its CMR10 font maps the "ff" glyph to U+21B5 and "ffi" to U+0000 in its ToUnicode map.
    const text = allText(await parsePdf('copy-protected.pdf'));
    expect(text).toContain('several practical difficulties for taking');
    expect(text).toContain('tools for efficient document image data');
    expect(text).toContain('An off-the-shelf tool');
    expect(text).toContain('efforts to improve');
    expect(text).not.toMatch(/[\u0000\u21B5]/);
  });

  it('fails cleanly on a PDF with a broken xref and root', async () => {
    const error = await failure(parsePdf('unreadablemetadata.pdf'));
    expect(error.code).toBe('parse_failed');
    expect(error.status).toBe(422);
  });

  it('reads a PDF whose structure breaks pdfminer', async () => {
    const doc = await parsePdf('invalid-pdf-structure-pdfminer-one-page.pdf');
    expect(doc.title).toContain('GAO-23-106826');
    expect(doc.pageCount).toBe(2);
    expect(allText(doc)).toContain('Office of the National Cyber Director');
    expect(doc.blocks.some((b) => b.page === 2)).toBe(true);
  });

  it('reads the text of a page rotated by 90 degrees', async () => {
    const text = allText(await parsePdf('rotated-page-90.pdf'));
    expect(text).toContain('Hello World');
    expect(text).toContain('Rotated page fixture');
  });
});

describe('parsePdf on hostile input', () => {
  it('fails cleanly, or returns partial text, for the first half of a real PDF', async () => {
    const whole = fixture('pdf/multicolumn.pdf');
    const result = await parseDocument(whole.subarray(0, whole.length / 2), 'application/pdf').then(
      (doc) => doc,
      (e: unknown) => e,
    );
    if (result instanceof AppError) expect(['parse_failed', 'no_text']).toContain(result.code);
    else expect(allText(result as ParsedDocument)).toContain('Lorem ipsum');
  });

  it('fails cleanly on random bytes behind a PDF header', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    junk.set(new TextEncoder().encode('%PDF-1.7\n'));
    const error = await failure(parseDocument(junk, 'application/pdf'));
    expect(error.code).toBe('parse_failed');
  });

  it('stops the worker at the time limit', async () => {
    const error = await failure(parsePdf('invalid-pdf-structure-pdfminer-one-page.pdf', { timeoutMs: 1 }));
    expect(error.code).toBe('parse_timeout');
  });

  it('stops the worker when the caller aborts', async () => {
    const controller = new AbortController();
    const parsing = parsePdf('invalid-pdf-structure-pdfminer-one-page.pdf', { signal: controller.signal });
    controller.abort();
    const error = await failure(parsing);
    expect(error.code).toBe('parse_timeout');
  });

  it('reads only the first pages of a PDF over the page cap, and says so', async () => {
    const doc = await parsePdfDirect(fixture('pdf/multicolumn.pdf'), { maxPages: 1 });
    expect(doc.pageCount).toBe(3);
    expect(new Set(doc.blocks.map((b) => b.page))).toEqual(new Set([1]));
    expect(doc.warnings[0]).toBe('Only the first 1 of 3 pages were read; split the PDF to ingest the rest.');
  });

  it('never lets pdf.js compile code from a document (CVE-2024-4367)', () => {
    expect(PDF_WORKER_SOURCE).toContain('isEvalSupported: false');
  });

  it('does not change the caller’s bytes', async () => {
    const bytes = fixture('pdf/rotated-page-90.pdf');
    await parseDocument(bytes, 'application/pdf');
    expect(bytes.byteLength).toBe(1103);
  });
});
