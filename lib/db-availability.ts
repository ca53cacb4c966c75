import { AppError, describeError } from './errors';

/**
 * Telling "the database is down" apart from every other failure, so that an outage answers
 * 503 database_unavailable (try again later) instead of a 500, and a write that meets a short
 * outage is retried rather than lost.
 */

// node-postgres and Node socket codes, and PostgreSQL SQLSTATEs: class 08 (connection
// exception), 57P01–57P03 (terminated by an admin or a shutdown, cannot connect now), 53300
// (too many connections).
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|PGlite is closed/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  // Connecting to a host with several addresses fails with an AggregateError of each attempt.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

export function databaseUnavailable(): AppError {
  return new AppError(
    'database_unavailable',
    'The database is unavailable right now; try again in a moment. If this persists, check that the database (PostgreSQL, or the data directory) is up; the server log has details.',
    503,
    { 'Retry-After': '5' },
  );
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles each time. */
  firstDelayMs: number;
  /** What the log calls the work. */
  what: string;
}

/** Runs `work`, trying again with doubling waits while the database is unavailable; other errors pass at once. */
export async function retryWhileUnavailable<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= options.attempts || !isDatabaseUnavailable(err)) throw err;
      const delay = options.firstDelayMs * 2 ** (attempt - 1);
      console.warn(`[db] ${options.what} failed (${describeError(err)}); try ${attempt + 1} of ${options.attempts} in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
