import Papa from 'papaparse';
import { AppError } from '@/lib/errors';
import { decodeText, sniffUtf16, stripInvisible } from './decode-text';
import { isZip, listZipNames } from './parse/zip-names';
import { SUPPORTED_FORMATS, type SupportedMimeType } from './types';

const DOCX: SupportedMimeType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const SAMPLE_BYTES = 64 * 1024;

/** Images of pages, read with OCR. */
const IMAGES: Array<[bytes: number[], offset: number, type: SupportedMimeType]> = [
  [[0x89, 0x50, 0x4e, 0x47], 0, 'image/png'],
  [[0xff, 0xd8, 0xff], 0, 'image/jpeg'],
  [[0x57, 0x45, 0x42, 0x50], 8, 'image/webp'],
  [[0x49, 0x49, 0x2a, 0x00], 0, 'image/tiff'],
  [[0x4d, 0x4d, 0x00, 0x2a], 0, 'image/tiff'],
];

/** Signatures of formats people upload by mistake, named so the refusal says what the file is. */
const MAGIC: Array<[bytes: number[], offset: number, what: string]> = [
  [[0x47, 0x49, 0x46, 0x38], 0, 'A GIF image'],
  [[0x7f, 0x45, 0x4c, 0x46], 0, 'An executable (ELF)'],
  [[0xcf, 0xfa, 0xed, 0xfe], 0, 'An executable (Mach-O)'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0, 'A legacy Office file (.doc, .xls or .ppt)'],
  [[0x1f, 0x8b], 0, 'A gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 0, 'A RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 0, 'A 7z archive'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 0, 'An RTF document'],
  [[0x66, 0x74, 0x79, 0x70], 4, 'A video or audio file'],
  [[0x49, 0x44, 0x33], 0, 'An audio file'],
  [[0x4f, 0x67, 0x67, 0x53], 0, 'An audio file'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 0, 'An SQLite database'],
];

/**
 * Decides what a file is from its content; the file name and declared MIME type only break
 * ties between text formats (Markdown and CSV cannot be told from plain text by content).
 * Throws 415 `unsupported_type` for anything else and 400 `empty_file` when there is no text.
 */
export function detectType(bytes: Uint8Array, fileName: string, declaredMime?: string): SupportedMimeType {
  if (bytes.length === 0) throw emptyFile();
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  const mime = declaredMime?.split(';')[0].trim().toLowerCase() ?? '';

  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (isZip(bytes)) return zipType(bytes);
  for (const [magic, offset, type] of IMAGES) {
    if (startsWith(bytes, magic, offset) && (type !== 'image/webp' || startsWith(bytes, [0x52, 0x49, 0x46, 0x46]))) return type;
  }
  for (const [magic, offset, what] of MAGIC) {
    if (startsWith(bytes, magic, offset)) throw unsupported(what);
  }
  // pdf.js tolerates junk before the header; accept it only when the file claims to be a PDF.
  if ((ext === 'pdf' || mime === 'application/pdf') && indexOf(bytes.subarray(0, 1024), '%PDF-') >= 0) {
    return 'application/pdf';
  }
  if (startsWith(bytes, [0x4d, 0x5a]) && bytes.subarray(0, 512).includes(0)) {
    throw unsupported('A Windows executable');
  }

  const utf16 = hasUtf16Bom(bytes) || sniffUtf16(bytes) !== null;
  if (!utf16 && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(0)) {
    throw unsupported('Binary data (the file contains NUL bytes)');
  }
  const sample = stripInvisible(decodeText(sampleOf(bytes, utf16)));
  if (controlRatio(sample) > 0.05) throw unsupported('Binary data');
  if (sample.trim() === '' && (bytes.length <= SAMPLE_BYTES || stripInvisible(decodeText(bytes)).trim() === '')) {
    throw emptyFile();
  }
  return textType(sample, ext, mime);
}

function textType(sample: string, ext: string, mime: string): SupportedMimeType {
  const head = sample
    .trimStart()
    .replace(/^<\?xml[^>]*>\s*/i, '')
    .replace(/^(<!--[\s\S]*?-->\s*)+/, '');
  if (/^<!doctype\s+html[\s>]/i.test(head) || /^<html[\s>]/i.test(head)) return 'text/html';
  if (/^(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i.test(head)) throw unsupported('An SVG image');
  if (['md', 'markdown', 'mdown', 'mkd'].includes(ext)) return 'text/markdown';
  if (ext === 'csv' || (mime === 'text/csv' && ext !== 'txt')) return looksLikeCsv(sample) ? 'text/csv' : 'text/plain';
  if (['html', 'htm', 'xhtml'].includes(ext) || mime === 'text/html' || mime === 'application/xhtml+xml') {
    if (/<\/?[a-z][a-z0-9-]*[\s>/]/i.test(head.slice(0, 4096))) return 'text/html';
  }
  if (/^<(head|body|title|meta|link|div|p|table|h[1-6]|script|style|section|article|main|ul|ol|form)[\s>/]/i.test(head)) {
    return 'text/html';
  }
  if (mime === 'text/markdown' || mime === 'text/x-markdown') return 'text/markdown';
  return 'text/plain';
}

function zipType(bytes: Uint8Array): SupportedMimeType {
  const names = listZipNames(bytes);
  if (names === null) {
    // No readable central directory (often a truncated upload): if it starts like a DOCX, let
    // the DOCX parser fail with a specific reason rather than calling it an unknown type.
    const first = firstLocalName(bytes);
    if (first === '[Content_Types].xml' || first?.startsWith('word/')) return DOCX;
    throw unsupported('A damaged zip archive');
  }
  if (names.includes('word/document.xml')) return DOCX;
  if (names.includes('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (names.includes('ppt/presentation.xml')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  const odfType = zipMimetype(bytes);
  if (odfType === 'application/vnd.oasis.opendocument.spreadsheet') return odfType;
  if (odfType === 'application/epub+zip' || (odfType === null && names.includes('META-INF/container.xml'))) return 'application/epub+zip';
  if (names.includes('content.xml') && names.includes('mimetype')) throw unsupported('An OpenDocument file other than a spreadsheet');
  throw unsupported('A zip archive');
}

/** ODF and EPUB store their type, uncompressed, as the first entry `mimetype`. */
function zipMimetype(bytes: Uint8Array): string | null {
  if (firstLocalName(bytes) !== 'mimetype' || bytes[8] !== 0) return null;
  const nameLength = bytes[26] | (bytes[27] << 8);
  const extraLength = bytes[28] | (bytes[29] << 8);
  const size = bytes[18] | (bytes[19] << 8) | (bytes[20] << 16);
  const start = 30 + nameLength + extraLength;
  if (size > 100 || start + size > bytes.length) return null;
  return new TextDecoder().decode(bytes.subarray(start, start + size)).trim();
}

function firstLocalName(bytes: Uint8Array): string | null {
  if (bytes.length < 30) return null;
  const nameLength = bytes[26] | (bytes[27] << 8);
  if (30 + nameLength > bytes.length) return null;
  return new TextDecoder().decode(bytes.subarray(30, 30 + nameLength));
}

function looksLikeCsv(sample: string): boolean {
  const text = sample.length >= SAMPLE_BYTES ? sample.slice(0, sample.lastIndexOf('\n') + 1) : sample;
  const result = Papa.parse<string[]>(text, { preview: 50, skipEmptyLines: true });
  if (result.data.length === 0 || result.errors.some((e) => e.type === 'Quotes')) return false;
  const widths = result.data.map((row) => row.length);
  if (widths.every((w) => w === 1)) return true;
  const header = widths[0];
  return header >= 2 && widths.filter((w) => w === header).length >= widths.length * 0.8;
}

function sampleOf(bytes: Uint8Array, utf16: boolean): Uint8Array {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  let end = SAMPLE_BYTES;
  if (!utf16) {
    // Back off to a UTF-8 character boundary so the cut does not look like invalid UTF-8.
    while (end > SAMPLE_BYTES - 4 && (bytes[end] & 0xc0) === 0x80) end--;
  }
  return bytes.subarray(0, end);
}

function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  const controls = text.match(/[\u0001-\u0008\u000E-\u001A\u001C-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return controls / text.length;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
}

function startsWith(bytes: Uint8Array, magic: number[], offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  return magic.every((b, i) => bytes[offset + i] === b);
}

function indexOf(bytes: Uint8Array, ascii: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(ascii, 0, 'latin1');
}

function unsupported(what: string): AppError {
  return new AppError(
    'unsupported_type',
    `${what} is not supported; ${SUPPORTED_FORMATS}.`,
    415,
  );
}

function emptyFile(): AppError {
  return new AppError('empty_file', 'The file is empty or contains only whitespace; upload a file with some text in it.', 400);
}
