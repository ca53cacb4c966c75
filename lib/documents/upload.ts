import { Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError, badRequest, tooLarge } from '../errors';

export interface UploadedFile {
  fileName: string;
  declaredMime: string;
  content: Buffer;
}

export interface UploadForm {
  files: UploadedFile[];
  fields: Record<string, string>;
}

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

// Multipart framing around each file: boundaries and part headers.
const PER_FILE_OVERHEAD = 64 * 1024;

/**
 * Reads a multipart/form-data body as a stream, stopping at the first file over the limit:
 * memory never grows past one file's limit, whatever size or Content-Length the client claims.
 */
export async function readUploadForm(request: Request, limits: UploadLimits): Promise<UploadForm> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new AppError('unsupported_media_type', 'Send files as multipart/form-data with one or more "file" fields.', 415);
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const maxBody = limits.maxFiles * (limits.maxFileBytes + PER_FILE_OVERHEAD);
  if (Number.isFinite(declared) && declared > maxBody) throw tooLarge(`The upload is larger than ${limitMessage(limits)}`);
  if (!request.body) throw badRequest('no_file', 'The request has no body; attach a file in a "file" field.');

  const source = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream);
  return new Promise<UploadForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        // Browsers send file names as raw UTF-8, not the latin1 that RFC 7578 once implied.
        defParamCharset: 'utf8',
        limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 1024, parts: limits.maxFiles + 20 },
      });
    } catch {
      reject(badRequest('invalid_multipart', 'The multipart body is malformed; check the boundary in Content-Type.'));
      return;
    }
    const form: UploadForm = { files: [], fields: {} };
    let failed = false;
    const fail = (err: AppError) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.destroy();
      reject(err);
    };

    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (data: Buffer) => parts.push(data));
      // A body cut off mid-file errors this stream as well as the parser.
      stream.on('error', () => fail(badRequest('invalid_multipart', 'The upload was cut off before the file ended; upload again.')));
      stream.on('limit', () => fail(tooLarge(`"${info.filename}" is larger than ${limitMessage(limits)}`)));
      stream.on('end', () => {
        if (!failed) form.files.push({ fileName: info.filename ?? '', declaredMime: info.mimeType, content: Buffer.concat(parts) });
      });
    });
    parser.on('field', (name, value) => (form.fields[name] = value));
    parser.on('filesLimit', () => fail(badRequest('too_many_files', `Upload at most ${limits.maxFiles} files at once.`)));
    parser.on('error', () =>
      fail(badRequest('invalid_multipart', 'The multipart body is malformed (cut off, or control characters in a part header); upload again.')),
    );
    parser.on('close', () => {
      if (!failed) resolve(form);
    });
    source.on('error', () => fail(badRequest('upload_interrupted', 'The upload was interrupted; try again.')));
    // Parts busboy skips (other field names, oversized fields) still stream through: the body
    // as a whole is capped too, whatever it claims in Content-Length.
    let received = 0;
    source.on('data', (data: Buffer) => {
      received += data.byteLength;
      if (received > maxBody) fail(tooLarge(`The upload is larger than ${limitMessage(limits)}`));
    });
    source.pipe(parser);
  });
}

function limitMessage(limits: UploadLimits): string {
  return `the ${Math.round(limits.maxFileBytes / (1024 * 1024))} MB limit per file; split it or ask the admin to raise MAX_UPLOAD_MB.`;
}
