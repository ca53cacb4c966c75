/**
 * Docent's one error type. Every failure a user can act on is an AppError with a
 * snake_case code, an HTTP status and a message that says what happened and what to do.
 * Anything else is an internal error: logged, never shown.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string) => new AppError(code, message, 400);
export const notFound = (what: string) =>
  new AppError('not_found', `${what} was not found; check the id, or list what exists first.`, 404);
export const conflict = (code: string, message: string) => new AppError(code, message, 409);
export const tooLarge = (message: string) => new AppError('file_too_large', message, 413);
export const unsupportedType = (message: string) => new AppError('unsupported_type', message, 415);
export const unprocessable = (code: string, message: string) => new AppError(code, message, 422);
export const notReady = (code: string, message: string) => new AppError(code, message, 503);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** A short, safe description of any thrown value for logs and failed-document reasons. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
