import type { UserRole } from '@/db/queries/users';

/**
 * Who is asking: the viewer, Docent's one name for the account (or API key's owner, the
 * automation key, or an install's owner before accounts) that a request reads or acts for. `userId` is null only on an install with no accounts yet (everything then
 * belongs to the install's one owner, and is handed to the first admin when it is created).
 */
export interface Viewer {
  userId: string | null;
  email: string | null;
  role: UserRole;
  via: 'session' | 'api_key' | 'admin_key' | 'no_accounts';
}

/** The credentials a request carries, read by the caller (route handler or page). */
export interface Credentials {
  authorization: string | null;
  sessionToken: string | null;
}

export const SESSION_COOKIE = 'docent_session';

/** The owner of an install with no accounts (and of scratch databases in tests and benchmarks). */
export const NO_ACCOUNTS: Viewer = { userId: null, email: null, role: 'admin', via: 'no_accounts' };
