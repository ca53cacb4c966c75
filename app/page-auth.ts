import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { accountsExist, authenticate } from '@/lib/auth/authenticate';
import { type Viewer, SESSION_COOKIE } from '@/lib/auth/viewer';
import { describeError, isAppError } from '@/lib/errors';
import { getDatabase } from '@/lib/runtime';

const hasAccounts = cache(async (): Promise<boolean> => accountsExist(await getDatabase()));

/**
 * Who is looking at a page (once per request), or null when nobody is signed in. Pages are
 * only a convenience layer: every API route checks again on its own.
 */
export const pageViewer = cache(async (): Promise<Viewer | null> => {
  try {
    if (!(await hasAccounts())) return null;
    const sessionToken = (await cookies()).get(SESSION_COOKIE)?.value ?? null;
    return await authenticate(await getDatabase(), { authorization: null, sessionToken });
  } catch (err) {
    if (isAppError(err) && err.status === 401) return null;
    console.error('[auth] could not check the session for a page:', describeError(err));
    return null;
  }
});

/** A fresh install asks for its admin before anything else; afterwards, pages need a session. */
export async function requireSignedIn(path: string): Promise<Viewer> {
  if (!(await hasAccounts())) redirect('/setup');
  const viewer = await pageViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return viewer;
}

export async function redirectIfSetUp(): Promise<void> {
  if (await hasAccounts()) redirect('/sign-in');
}

export async function redirectIfSignedIn(next: string): Promise<void> {
  if (!(await hasAccounts())) redirect('/setup');
  if (await pageViewer()) redirect(next);
}
