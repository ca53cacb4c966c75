import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { detectType } from './detect-type';
import { buildZip, docxEntries, documentXml, DOCS_DIR, fixture } from './parse/test-helpers';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const text = (s: string) => new TextEncoder().encode(s);

function refusal(bytes: Uint8Array, name: string, mime?: string): AppError {
  try {
    detectType(bytes, name, mime);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error(`${name} was accepted`);
}

describe('detectType on the parser fixtures', () => {
  const expected: Record<string, string> = {
    pdf: 'application/pdf',
    docx: DOCX,
    html: 'text/html',
    md: 'text/markdown',
  };
  for (const dir of Object.keys(expected)) {
    for (const file of readdirSync(path.join(DOCS_DIR, dir))) {
      it(`${dir}/${file}`, () => {
        expect(detectType(fixture(`${dir}/${file}`), file)).toBe(expected[dir]);
      });
    }
  }
});

describe('detectType judges by content', () => {
  it('treats a .pdf that is really HTML as HTML', () => {
    expect(detectType(text('<!DOCTYPE html><html><body>Hi</body></html>'), 'invoice.pdf', 'application/pdf')).toBe('text/html');
    expect(detectType(text('\n<head><title>x</title></head><body>y</body>'), 'invoice.pdf')).toBe('text/html');
  });

  it('treats a .txt that is really a PDF as a PDF, and a renamed DOCX as a DOCX', () => {
    expect(detectType(fixture('pdf/rotated-page-90.pdf'), 'notes.txt', 'text/plain')).toBe('application/pdf');
    expect(detectType(fixture('docx/tables.docx'), 'notes.txt')).toBe(DOCX);
  });

  it('ignores a spoofed Content-Type', () => {
    expect(detectType(text('just words'), 'a.txt', 'application/pdf')).toBe('text/plain');
    expect(detectType(fixture('md/simple-table.md'), 'table.md', 'text/html')).toBe('text/markdown');
  });

  it('uses the extension for Markdown and CSV, which content alone cannot tell', () => {
    expect(detectType(text('# Title\n\nBody'), 'readme.md')).toBe('text/markdown');
    expect(detectType(text('# Title\n\nBody'), 'readme.txt')).toBe('text/plain');
    expect(detectType(text('a,b\n1,2\n3,4\n'), 'data.csv')).toBe('text/csv');
    expect(detectType(text('a\tb\n1\t2\n'), 'data.csv')).toBe('text/csv');
    expect(detectType(text('a,b\n1,2\n'), 'data.txt')).toBe('text/plain');
  });

  it('falls back to plain text for a .csv that does not parse as CSV', () => {
    expect(detectType(text('He said "hi, there\nand left.\nNo, really, it was, odd, ok\n'), 'notes.csv')).toBe('text/plain');
  });

  it('accepts UTF-16, Latin-1 and invalid UTF-8 text', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello, world', 'utf16le')]);
    expect(detectType(utf16, 'a.txt')).toBe('text/plain');
    expect(detectType(Buffer.from('Hello, world', 'utf16le'), 'a.txt')).toBe('text/plain');
    expect(detectType(Buffer.from('Grüße', 'latin1'), 'a.txt')).toBe('text/plain');
    expect(detectType(Buffer.from([0x61, 0xc3, 0x28, 0x62, 0x0a]), 'a.txt')).toBe('text/plain');
  });
});

describe('detectType refuses', () => {
  it('empty, whitespace-only and BOM-only files with empty_file', () => {
    for (const bytes of [new Uint8Array(), text(' \n\t\r\n '), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), text('\u200B\uFEFF\n')]) {
      const error = refusal(bytes, 'empty.txt');
      expect(error.code).toBe('empty_file');
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/upload a file with some text/);
    }
  });

  it('a large file that is whitespace only', () => {
    expect(refusal(text(' '.repeat(200_000)), 'big.txt').code).toBe('empty_file');
  });

  it('text with NUL bytes', () => {
    const error = refusal(text('hello\u0000world'), 'notes.txt');
    expect(error.code).toBe('unsupported_type');
    expect(error.status).toBe(415);
    expect(error.message).toMatch(/is not supported; upload PDF, Word \(DOCX\), .* or an image of a page \(PNG, JPEG, TIFF, WebP\)\.$/);
  });

  it('random bytes', () => {
    let seed = 42;
    const random = new Uint8Array(64 * 1024).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 23);
    expect(refusal(random, 'data.txt').code).toBe('unsupported_type');
  });

  it('images other than scans of pages, executables and archives, naming what they are', () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
    expect(refusal(gif, 'photo.pdf').message).toMatch(/^A GIF image is not supported/);
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    expect(refusal(elf, 'run.txt').message).toMatch(/^An executable/);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
    expect(refusal(exe, 'setup.docx').message).toMatch(/^A Windows executable/);
    const zip = buildZip([{ name: 'photos/a.txt', data: 'x' }]);
    expect(refusal(zip, 'report.docx').message).toMatch(/^A zip archive/);
    expect(refusal(text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'), 'a.html').message).toMatch(
      /^An SVG image/,
    );
    const odt = buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true }, { name: 'content.xml', data: '<x/>' }]);
    expect(refusal(odt, 'letter.docx').message).toMatch(/OpenDocument file other than a spreadsheet/);
  });

  it('office formats and images of pages by content, whatever the name says', () => {
    const cases: Array<[Uint8Array, string]> = [
      [buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [buildZip([{ name: 'ppt/presentation.xml', data: '<p/>' }]), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
      [buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }, { name: 'content.xml', data: '<x/>' }]), 'application/vnd.oasis.opendocument.spreadsheet'],
      [buildZip([{ name: 'mimetype', data: 'application/epub+zip', store: true }, { name: 'META-INF/container.xml', data: '<x/>' }]), 'application/epub+zip'],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
      [Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff'],
      [Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'image/webp'],
    ];
    for (const [bytes, type] of cases) expect(detectType(bytes, 'upload.docx')).toBe(type);
  });

  it('a damaged zip that does not look like a DOCX, but lets a truncated DOCX through to its parser', () => {
    const zip = buildZip([{ name: 'a.txt', data: 'x'.repeat(1000) }]);
    expect(refusal(zip.subarray(0, 60), 'a.zip').code).toBe('unsupported_type');
    const docx = buildZip(docxEntries(documentXml(['Hello'])));
    expect(detectType(docx.subarray(0, docx.length - 30), 'a.docx')).toBe(DOCX);
  });
});
