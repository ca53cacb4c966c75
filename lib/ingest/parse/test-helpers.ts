import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { AppError } from '@/lib/errors';
import type { ParsedDocument } from '../types';

/** Parser fixtures from shared/datasets/docs; `shared/` sits beside the repository. */
export const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/datasets/docs');

export function fixture(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(DOCS_DIR, relative)));
}

export const allText = (doc: ParsedDocument) => doc.blocks.map((b) => b.text).join('\n');

/** The AppError a parse rejects with (fails the test if it resolves or throws anything else). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

export interface ZipEntry {
  name: string;
  /** Content; deflated unless `store` is set. */
  data?: string | Uint8Array;
  store?: boolean;
  /** Already deflated content, for entries too large to hold inflated. */
  deflated?: { bytes: Buffer; crc: number; size: number };
  /** Uncompressed size written into the headers instead of the real one (a lying header). */
  declaredSize?: number;
  /** Write sizes in a ZIP64 extra field. */
  zip64?: boolean;
}

/** A minimal zip writer for test fixtures (yauzl only reads, and test zips must be able to lie). */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? []);
    const method = entry.store ? 0 : 8;
    const body = entry.deflated?.bytes ?? (entry.store ? raw : deflateRawSync(raw));
    const crc = entry.deflated?.crc ?? crc32(raw);
    const size = entry.declaredSize ?? entry.deflated?.size ?? raw.length;
    const extra = entry.zip64 ? zip64Extra(size, body.length) : Buffer.alloc(0);
    const [csize, usize] = entry.zip64 ? [0xffffffff, 0xffffffff] : [body.length, size];

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(csize, 18);
    local.writeUInt32LE(usize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.zip64 ? 45 : 20, 4);
    central.writeUInt16LE(entry.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(csize, 20);
    central.writeUInt32LE(usize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function zip64Extra(size: number, compressed: number): Buffer {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  extra.writeBigUInt64LE(BigInt(compressed), 12);
  return extra;
}

/** Deflates `size` zero bytes in 1 MB steps, so the test never holds them inflated. */
export async function deflatedZeros(size: number): Promise<{ bytes: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const step = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let written = 0; written < size; written += step.length) {
    const part = step.subarray(0, Math.min(step.length, size - written));
    crc = crc32(part, crc);
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { bytes: Buffer.concat(out), crc, size };
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** The parts of a minimal DOCX around the given word/document.xml. */
export function docxEntries(documentXml: string, extra: ZipEntry[] = []): ZipEntry[] {
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    { name: 'word/document.xml', data: documentXml },
    ...extra,
  ];
}

/** word/document.xml with one paragraph per string. */
export function documentXml(paragraphs: string[], prolog = ''): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prolog}<w:document ${W}><w:body>${body}</w:body></w:document>`;
}
