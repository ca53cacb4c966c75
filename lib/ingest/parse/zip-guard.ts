import type { Readable } from 'node:stream';
import { fromBufferPromise, type ZipFile } from 'yauzl';
import { AppError } from '@/lib/errors';
import { parseFailed } from './blocks';

export const ZIP_LIMITS = {
  /** Sum of declared uncompressed sizes. */
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 5000,
  /** Compression ratio allowed for entries larger than ratioFloorBytes. */
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

/** What the guard needs to know about one zip-based format. */
export interface ZipFormat {
  /** As the user knows it: "DOCX", "PowerPoint file". */
  name: string;
  /** Error code prefix: `${code}_too_large`, `${code}_unsafe_xml`. */
  code: string;
  /** The part without which the file is not this format. */
  mainPart: string;
  /** How to fix a damaged file: "re-save it from Word". */
  resave: string;
  /** Parts whose first 64 KB are returned (small metadata). */
  keep?: string[];
  /** Parts read with an HTML parser (EPUB chapters), where a DOCTYPE is normal; entity declarations are still refused. */
  htmlParts?: RegExp;
}

export interface ZipInspection {
  /** The first 64 KB of each `keep` part present. */
  kept: Map<string, string>;
}

/**
 * Checks a zip-based document (DOCX, PPTX, XLSX, ODS, EPUB) before any parser inflates it,
 * which would otherwise hold every entry in memory. The central directory's declared sizes are
 * checked first; then every entry is inflated as a stream and discarded, and yauzl's size
 * validation stops the moment an entry produces more bytes than its header declared — so a
 * lying header costs at most the declared total. XML parts must not carry a DTD: Office,
 * LibreOffice and EPUB tools never need one, and it is how entity bombs and external entities get in.
 */
export async function inspectZip(bytes: Uint8Array, format: ZipFormat, limits = ZIP_LIMITS): Promise<ZipInspection> {
  const zip = await openZip(bytes, format);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw tooLarge(format, `it has ${zip.entryCount} parts (the limit is ${limits.maxEntries})`);
    }
    let total = 0;
    const kept = new Map<string, string>();
    let sawMain = false;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        throw tooLarge(format, `it unpacks to more than ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB`);
      }
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
        throw tooLarge(format, `the part "${entry.fileName.slice(0, 80)}" is compressed ${Math.round(ratio)}:1`);
      }
      if (entry.fileName.endsWith('/')) continue;
      if (entry.fileName === format.mainPart) sawMain = true;
      const html = format.htmlParts?.test(entry.fileName) ?? false;
      const scan = html ? 'entities' : /\.(xml|rels|opf|ncx|xhtml|html?)$/i.test(entry.fileName) ? 'dtd' : 'none';
      const keep = format.keep?.includes(entry.fileName) ? 64 * 1024 : 0;
      const { head, unsafe } = await drain(await zip.openReadStreamPromise(entry), keep, scan);
      if (unsafe) {
        throw new AppError(
          `${format.code}_unsafe_xml`,
          `This ${format.name} contains an XML document type declaration, which its authoring tools never write and which can be used to attack the parser; ${format.resave} and upload it again.`,
          422,
        );
      }
      if (keep) kept.set(entry.fileName, head);
    }
    if (!sawMain) throw parseFailed(`This ${format.name} has no main part (${format.mainPart}); ${format.resave} and upload it again.`);
    return { kept };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw damaged(format, e);
  } finally {
    zip.close();
  }
}

async function openZip(bytes: Uint8Array, format: ZipFormat): Promise<ZipFile> {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return await fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw damaged(format, e);
  }
}

/**
 * Reads a stream to the end, keeping only its first `keep` bytes as text. `dtd` looks for DTD
 * markup anywhere (a DOCTYPE may follow any amount of comments); `entities` only for entity
 * declarations.
 */
async function drain(stream: Readable, keep: number, scan: 'dtd' | 'entities' | 'none'): Promise<{ head: string; unsafe: boolean }> {
  const kept: Buffer[] = [];
  let size = 0;
  let tail = Buffer.alloc(0);
  let unsafe = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size < keep) kept.push(chunk.subarray(0, keep - size));
    size += chunk.length;
    if (scan !== 'none' && !unsafe) {
      const window = Buffer.concat([tail, chunk]);
      unsafe = window.includes('<!ENTITY') || (scan === 'dtd' && window.includes('<!DOCTYPE'));
      tail = window.subarray(Math.max(0, window.length - 8));
    }
  }
  return { head: Buffer.concat(kept).toString('utf8'), unsafe };
}

function tooLarge(format: ZipFormat, reason: string): AppError {
  return new AppError(
    `${format.code}_too_large`,
    `This ${format.name} is refused because ${reason}, which looks like a zip bomb; save it again without embedded files and upload it.`,
    422,
  );
}

function damaged(format: ZipFormat, e: unknown): AppError {
  const reason = e instanceof Error ? e.message : String(e);
  if (/too many bytes|expected \d+/i.test(reason)) {
    return tooLarge(format, 'a part unpacks to more data than its header declares');
  }
  return parseFailed(`This ${format.name} is damaged or not valid (${reason.slice(0, 200)}); ${format.resave} and upload it again.`);
}
