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
    reason: `${opts.failed ?? 'Failed'} after ${attempts} attempts: ${describeError(err).replace(/\.$/, '')}. Check the server log, then retry.`,
  };
}
