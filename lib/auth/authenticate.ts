import type { Database } from '@/db';
import { getUserByApiKey, getUserBySession } from '@/db/queries/credentials';
import { countUsers, getFirstAdmin } from '@/db/queries/users';
import { env } from '../env';
import { AppError } from '../errors';
import { ensureAdminFromEnvironment } from './accounts';
import { type Credentials, NO_ACCOUNTS, type Viewer } from './viewer';
import { hashToken, sameSecret } from './tokens';

export const API_KEY_PREFIX = 'dk_';

const unauthenticated = (code: string, message: string) => new AppError(code, message, 401);

// Once any account exists one always will (the last admin cannot be removed), so the count
// is cached after it is first seen non-zero.
const state = globalThis as typeof globalThis & { __docentAccountsExist?: boolean };
export async function accountsExist(db: Database): Promise<boolean> {
  if (state.__docentAccountsExist) return true;
  await ensureAdminFromEnvironment(db);
  const exists = (await countUsers(db)) > 0;
  if (exists) state.__docentAccountsExist = true;
  return exists;
}

/** Tests that empty the database call this. */
export function forgetAccountsExist(): void {
  state.__docentAccountsExist = false;
}

function bearerToken(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthenticated('invalid_authorization', 'The Authorization header must be "Bearer <API key>".');
  return match[1];
}

/**
 * The install's owner: the first admin, or nobody yet. The DOCENT_API_KEY automation key and
 * the command-line tools (npm run ingest) act as this account.
 */
export async function installOwner(db: Database): Promise<Viewer> {
  const owner = await getFirstAdmin(db);
  return { userId: owner?.id ?? null, email: owner?.email ?? null, role: 'admin', via: 'admin_key' };
}

async function viewerFromBearer(db: Database, token: string): Promise<Viewer> {
  const adminKey = env().DOCENT_API_KEY;
  if (adminKey && sameSecret(token, adminKey)) return installOwner(db);
  const user = token.startsWith(API_KEY_PREFIX) ? await getUserByApiKey(db, hashToken(token)) : null;
  // OpenAI clients always send some key; an install that is still open ignores it.
  if (!user && !adminKey && !(await accountsExist(db))) return NO_ACCOUNTS;
  if (!user) throw unauthenticated('invalid_api_key', 'That API key is not valid (it may have been deleted); create a new one on the Account page.');
  return { userId: user.id, email: user.email, role: user.role, via: 'api_key' };
}

/**
 * Who is asking, from a bearer key or a session cookie. An install with no accounts and no
 * DOCENT_API_KEY is open to whoever can reach it (as the first visit could claim the admin
 * account anyway); once an account exists, every request needs credentials.
 */
export async function authenticate(db: Database, credentials: Credentials): Promise<Viewer> {
  const bearer = bearerToken(credentials.authorization);
  if (bearer) return viewerFromBearer(db, bearer);

  if (credentials.sessionToken) {
    const user = await getUserBySession(db, hashToken(credentials.sessionToken));
    if (user) return { userId: user.id, email: user.email, role: user.role, via: 'session' };
  }
  if (!(await accountsExist(db))) {
    if (!env().DOCENT_API_KEY) return NO_ACCOUNTS;
    throw unauthenticated('unauthenticated', 'This Docent requires an API key: send "Authorization: Bearer <DOCENT_API_KEY>", or create the admin account in the browser.');
  }
  if (credentials.sessionToken) {
    throw unauthenticated('session_expired', 'Your session has ended; sign in again.');
  }
  throw unauthenticated('unauthenticated', 'Sign in first (at /sign-in), or send "Authorization: Bearer <API key>" — API keys are made on the Account page.');
}

export function requireAdmin(viewer: Viewer): void {
  if (viewer.role !== 'admin') {
    throw new AppError('forbidden', 'Only an admin may do this; ask your Docent admin.', 403);
  }
}

/** Account routes (keys, password) need an account, not the no-accounts owner. */
export function requireAccount(viewer: Viewer): string {
  if (!viewer.userId) {
    throw new AppError('no_account', 'Create the admin account first (open Docent in a browser, or set ADMIN_EMAIL and ADMIN_PASSWORD).', 409);
  }
  return viewer.userId;
}

/**
 * Minting API keys needs a signed-in person: a key that could mint keys would let a leaked key
 * outlive its own revocation.
 */
export function requireSession(viewer: Viewer): void {
  if (viewer.via !== 'session') {
    throw new AppError('session_required', 'API keys are created only by a signed-in person: sign in and use the Account page.', 403);
  }
}
