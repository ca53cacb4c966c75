import type { z } from 'zod';
import { AppError, badRequest, describeError, isAppError } from './errors';

/** Every error leaves Docent as the contract's `{"error":{"code","message"}}`. */
export function errorResponse(err: unknown): Response {
  if (isAppError(err)) {
    return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status, headers: err.headers });
  }
  // Internal details (SQL, stack traces) are logged, never shown.
  console.error('[api] internal error:', describeError(err));
  return Response.json(
    { error: { code: 'internal_error', message: 'Something went wrong on the server; try again, and check the server log if it persists.' } },
    { status: 500 },
  );
}

/** Wraps a route handler so that every thrown error is answered in the contract's shape. */
export function route<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest('invalid_request', `Invalid request: ${zodMessage(result.error)}.`);
  return result.data;
}

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads and validates a JSON body; malformed or oversized bodies are a 400/413, never a crash. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_JSON_BYTES) throw new AppError('body_too_large', 'The JSON body is over 1 MB; send less.', 413);
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new AppError('body_too_large', 'The JSON body is over 1 MB; send less.', 413);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.');
  }
  return parseWith(schema, value);
}
