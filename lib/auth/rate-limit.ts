import type { Database } from '@/db';
import { countRateLimitHit, deleteOldRateLimitWindows } from '@/db/queries/rate-limits';
import { env } from '../env';
import { AppError } from '../errors';
import type { Viewer } from './viewer';

export type LimitedAction = 'chat' | 'upload' | 'sign_in';

const WINDOW_SECONDS = 60;

function limitFor(action: LimitedAction): number {
  const e = env();
  if (action === 'chat') return e.RATE_LIMIT_CHATS_PER_MINUTE;
  if (action === 'upload') return e.RATE_LIMIT_UPLOADS_PER_MINUTE;
  return e.RATE_LIMIT_SIGN_INS_PER_MINUTE;
}

const WHAT: Record<LimitedAction, string> = {
  chat: 'questions',
  upload: 'uploaded files',
  sign_in: 'sign-in attempts for this email',
};

let calls = 0;

/**
 * Counts `cost` against the viewer's per-minute budget for the action and refuses with 429 and
 * Retry-After once it is spent. Counters live in the database, so every instance behind a
 * load balancer shares them. The automation key (DOCENT_API_KEY) is not limited. Before there
 * is a viewer (sign-in), a string names whose budget it is, e.g. `email:…`.
 */
export async function enforceRateLimit(db: Database, action: LimitedAction, viewer: Viewer | string, cost = 1): Promise<void> {
  if (typeof viewer !== 'string' && viewer.via === 'admin_key') return;
  const who = typeof viewer === 'string' ? viewer : (viewer.userId ?? 'owner');
  const limit = limitFor(action);
  const { hits, secondsLeft } = await countRateLimitHit(db, `${action}:${who}`, WINDOW_SECONDS, cost);
  if (++calls % 200 === 0) await deleteOldRateLimitWindows(db, 3600);
  if (hits > limit) {
    const retryAfter = Math.max(1, secondsLeft);
    throw new AppError(
      'rate_limited',
      `Too many ${WHAT[action]}: the limit is ${limit} a minute. Wait ${retryAfter} s and try again.`,
      429,
      { 'Retry-After': String(retryAfter) },
    );
  }
}
