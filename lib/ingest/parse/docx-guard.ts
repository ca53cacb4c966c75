import type { Readable } from 'node:stream';
import { fromBufferPromise, type ZipFile } from 'yauzl';
import { AppError } from '@/lib/errors';
import { parseFailed } from './blocks';

export const DOCX_LIMITS = {
  /** Sum of declared uncompressed sizes. */
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 5000,
  /** Compression ratio allowed for entries larger than ratioFloorBytes. */
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export interface DocxInspection {
  /** dc:title from docProps/core.xml, when present. */
  coreTitle: string | null;
}

/**
 * Checks a DOCX before mammoth (JSZip) inflates it, which would otherwise hold every entry in
 * memory. The central directory's declared sizes are checked first; then every entry is inflated
 * as a stream and discarded, and yauzl's size validation stops the moment an entry produces more
 * bytes than its header declared — so a lying header costs at most the declared total.
 * XML parts must not carry a DTD: Word never writes one, and it is how entity bombs and external
 * entities get in.
 */
export async function inspectDocx(bytes: Uint8Array, limits = DOCX_LIMITS): Promise<DocxInspection> {
  const zip = await openZip(bytes);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw tooLarge(`it has ${zip.entryCount} parts (the limit is ${limits.maxEntries})`);
    }
    let total = 0;
    let coreTitle: string | null = null;
    let sawDocument = false;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        throw tooLarge(`it unpacks to more than ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB`);
      }
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
        throw tooLarge(`the part "${entry.fileName.slice(0, 80)}" is compressed ${Math.round(ratio)}:1`);
      }
      if (entry.fileName.endsWith('/')) continue;
      if (entry.fileName === 'word/document.xml') sawDocument = true;
      const isXml = /\.(xml|rels)$/i.test(entry.fileName);
      const keep = entry.fileName === 'docProps/core.xml' ? 64 * 1024 : 0;
      const { head, hasDtd } = await drain(await zip.openReadStreamPromise(entry), keep, isXml);
      if (hasDtd) {
        throw new AppError(
          'docx_unsafe_xml',
          'This DOCX contains an XML document type declaration, which Word never writes and which can be used to attack the parser; re-save it from Word or LibreOffice and upload it again.',
          422,
        );
      }
      if (entry.fileName === 'docProps/core.xml') coreTitle = readCoreTitle(head);
    }
    if (!sawDocument) throw parseFailed('This DOCX has no main document part (word/document.xml); re-save it from Word and upload it again.');
    return { coreTitle };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw damaged(e);
  } finally {
    zip.close();
  }
}

async function openZip(bytes: Uint8Array): Promise<ZipFile> {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return await fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw damaged(e);
  }
}

/**
 * Reads a stream to the end, keeping only its first `keep` bytes as text; with `scanDtd`, looks
 * for DTD markup anywhere (a DOCTYPE may follow any amount of comments).
 */
async function drain(stream: Readable, keep: number, scanDtd: boolean): Promise<{ head: string; hasDtd: boolean }> {
  const kept: Buffer[] = [];
  let size = 0;
  let tail = Buffer.alloc(0);
  let hasDtd = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size < keep) kept.push(chunk.subarray(0, keep - size));
    size += chunk.length;
    if (scanDtd && !hasDtd) {
      const window = Buffer.concat([tail, chunk]);
      hasDtd = window.includes('<!DOCTYPE') || window.includes('<!ENTITY');
      tail = window.subarray(Math.max(0, window.length - 8));
    }
  }
  return { head: Buffer.concat(kept).toString('utf8'), hasDtd };
}

function readCoreTitle(xml: string): string | null {
  const m = xml.match(/<dc:title>([^<]*)<\/dc:title>/);
  if (!m) return null;
  const title = m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
  return title || null;
}

function tooLarge(reason: string): AppError {
  return new AppError(
    'docx_too_large',
    `This DOCX is refused because ${reason}, which looks like a zip bomb; save the document again without embedded files and upload it.`,
    422,
  );
}

function damaged(e: unknown): AppError {
  const reason = e instanceof Error ? e.message : String(e);
  if (/too many bytes|expected \d+/i.test(reason)) {
    return tooLarge('a part unpacks to more data than its header declares');
  }
  return parseFailed(`This DOCX is damaged or not a valid Word document (${reason.slice(0, 200)}); re-save it from Word and upload it again.`);
}
