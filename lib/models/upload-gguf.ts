import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { badRequest, conflict, describeError, tooLarge, unsupportedType } from '../errors';
import { adaptersDir } from './adapters';
import { type GgufFacts, readGgufFacts, startsLikeGguf } from './gguf-facts';

/** A GGUF stored in the library: a full model in MODELS_DIR, an adapter in MODELS_DIR/loras. */
export interface StoredGguf {
  facts: GgufFacts;
  kind: 'model' | 'adapter';
}

const NOT_GGUF = 'is not a GGUF file (it does not start with the GGUF header); upload a .gguf model or LoRA adapter.';

/** A library file name from the uploaded one: its base name, safe characters only, ending .gguf. */
export function ggufFileName(uploaded: string): string {
  const base = path.basename(uploaded.replace(/\\/g, '/')).normalize('NFC');
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._]+/, '');
  if (!safe.toLowerCase().endsWith('.gguf') || safe.length < 6 || safe.length > 200) {
    throw unsupportedType(`"${base.slice(0, 80)}" is not named *.gguf; only GGUF models and adapters can be added.`);
  }
  return safe;
}

/** Fails the stream at once when the first 4 bytes are not `GGUF`: a wrong file is refused before it is stored. */
function headerGuard(name: string): Transform {
  let head = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (head.length < 4) {
        head = Buffer.concat([head, chunk]).subarray(0, 4);
        if (head.length >= 4 && !startsLikeGguf(head)) return done(unsupportedType(`"${name}" ${NOT_GGUF}`));
      }
      done(null, chunk);
    },
    flush(done) {
      done(head.length < 4 ? unsupportedType(`"${name}" ${NOT_GGUF}`) : null);
    },
  });
}

/**
 * Streams one multipart `file` field to disk (never held in memory), refusing it with 413 past
 * `maxBytes` and 415 when it is not a GGUF — by its first bytes while uploading, then by reading
 * its whole header with node-llama-cpp. A valid file lands atomically in MODELS_DIR (or
 * MODELS_DIR/loras for an adapter); an existing file of that name is never replaced (409).
 */
export async function receiveGgufUpload(request: Request, modelsDir: string, maxBytes: number): Promise<StoredGguf> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body) throw badRequest('no_file', 'The request has no body; attach a .gguf file in a "file" field.');
  await fs.mkdir(modelsDir, { recursive: true });
  const tmp = path.join(modelsDir, `.upload-${randomUUID()}.part`);
  try {
    const name = await streamFileField(request.body as WebReadableStream<Uint8Array>, contentType, tmp, maxBytes);
    let facts: GgufFacts;
    try {
      facts = await readGgufFacts(tmp);
    } catch (err) {
      throw unsupportedType(`"${name}" has a GGUF signature but its header cannot be read (${describeError(err)}); upload a complete GGUF file.`);
    }
    const dir = facts.kind === 'adapter' ? adaptersDir(modelsDir) : modelsDir;
    await fs.mkdir(dir, { recursive: true });
    const dest = path.join(dir, name);
    // link() fails when dest exists, so a concurrent upload of the same name cannot overwrite it.
    await fs.link(tmp, dest).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') throw conflict('model_exists', `${name} is already in the model library; rename the file to add it as another model.`);
      throw err;
    });
    return { facts: { ...facts, path: dest, file: name }, kind: facts.kind };
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

function streamFileField(body: WebReadableStream<Uint8Array>, contentType: string, tmp: string, maxBytes: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024 } });
    } catch {
      return reject(badRequest('invalid_multipart', 'Send the model as multipart/form-data with one "file" field (or JSON {"uri"} to download one).'));
    }
    const source = Readable.fromWeb(body);
    let settled = false;
    let writing: Promise<string> | null = null;
    let fileStream: Readable | null = null;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(parser);
      source.destroy();
      fileStream?.destroy();
      // Rejected only once the partial file is closed, so the caller's clean-up removes all of it.
      (writing ?? Promise.resolve('')).then(() => reject(err), () => reject(err));
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || writing) return void stream.resume();
      fileStream = stream;
      let name: string;
      try {
        name = ggufFileName(info.filename ?? '');
      } catch (err) {
        stream.resume();
        return fail(err);
      }
      stream.on('limit', () => fail(tooLarge(`"${name}" is larger than ${Math.round(maxBytes / 2 ** 20)} MB; raise MAX_MODEL_UPLOAD_MB or place the file in MODELS_DIR by hand.`)));
      writing = pipeline(stream, headerGuard(name), createWriteStream(tmp)).then(() => name);
      writing.catch(fail);
    });
    parser.on('error', () => fail(badRequest('invalid_multipart', 'The multipart body is malformed or was cut off; upload again.')));
    parser.on('close', () => {
      if (!writing) return fail(badRequest('no_file', 'No "file" field in the upload; attach a .gguf file.'));
      writing.then((name) => {
        if (settled) return;
        settled = true;
        resolve(name);
      }, fail);
    });
    source.on('error', () => fail(badRequest('upload_interrupted', 'The upload was interrupted; try again.')));
    source.pipe(parser);
  });
}

