import { AppError } from './errors';

/**
 * Request bodies are read against a byte cap as they stream in, never buffered first: a client
 * may lie in Content-Length or send an endless chunked body, and memory must not grow with it.
 */

/** An early rejection leaves unread body bytes on the socket; closing it keeps keep-alive clients from being reset. */
export const CLOSE_CONNECTION = { Connection: 'close' } as const;

export function bodyTooLarge(message: string, code = 'body_too_large'): AppError {
  return new AppError(code, message, 413, CLOSE_CONNECTION);
}

/** Whether the request carries a body the handler may have left unread. */
export function hasRequestBody(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers.get('content-length');
  return (length !== null && length !== '0') || request.headers.has('transfer-encoding');
}

/**
 * The body as UTF-8 text, read chunk by chunk and abandoned (413) as soon as it passes
 * `maxBytes`, or at once when Content-Length already says so.
 */
export async function readCappedText(request: Request, maxBytes: number, tooLargeMessage: string): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw bodyTooLarge(tooLargeMessage);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(tooLargeMessage);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
