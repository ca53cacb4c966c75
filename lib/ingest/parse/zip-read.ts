import type { Readable } from 'node:stream';
import { fromBufferPromise, type ZipFile } from 'yauzl';

/** Opens a zip that inspectZip has already passed (sizes, ratios and DTDs checked). */
async function openChecked(bytes: Uint8Array): Promise<ZipFile> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
}

/** The parts whose names `want` accepts, inflated into memory (slides, chapters: small parts). */
export async function readZipParts(bytes: Uint8Array, want: (name: string) => boolean): Promise<Map<string, Buffer>> {
  const zip = await openChecked(bytes);
  const parts = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !want(entry.fileName)) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as Readable) chunks.push(chunk as Buffer);
      parts.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return parts;
}

/** One part as a stream of chunks, for parts that may be large (a spreadsheet's content.xml). */
export async function* streamZipPart(bytes: Uint8Array, name: string): AsyncGenerator<Buffer> {
  const zip = await openChecked(bytes);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as Readable) yield chunk as Buffer;
      return;
    }
  } finally {
    zip.close();
  }
}
