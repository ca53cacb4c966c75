import { AppError, describeError, isAppError } from '../errors';

/**
 * The one retry rule for every job kind:
 * - an AppError with a 4xx status is something the user must fix (an empty file, bad
 *   settings): the job fails at once and is not offered a retry (`retryable: false`);
 * - anything else — an AppError 5xx such as an embeddings endpoint that is down, or an
 *   unexpected fault — is transient: backed off exponentially and retried, and after
 *   `maxAttempts` failed with `retryable: true`, so the user can try again later.
 */
export type RetryDecision =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'fail'; retryable: boolean; reason: string };

export function isUserFixable(err: unknown): err is AppError {
  return isAppError(err) && err.status < 500;
}

export function decideRetry(
  err: unknown,
  attempts: number,
  opts: { maxAttempts: number; retryDelayMs: number; failed?: string },
): RetryDecision {
  if (isUserFixable(err)) return { action: 'fail', retryable: false, reason: err.message };
  if (attempts < opts.maxAttempts) {
    return { action: 'retry', delayMs: opts.retryDelayMs * 2 ** (attempts - 1), reason: describeError(err) };
  }
  return {
    action: 'fail',
    retryable: true,
    // An internal error's text (SQL, stack details) goes to the log, never to the user.
    reason: isAppError(err)
      ? `${opts.failed ?? 'Failed'} after ${attempts} attempts: ${describeError(err).replace(/\.$/, '')}. Retry it later.`
      : `${opts.failed ?? 'Failed'} after ${attempts} attempts because of an internal error; retry it, and if it fails again, report the error in the server's log.`,
  };
}
