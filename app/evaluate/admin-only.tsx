import type { ReactNode } from 'react';
import { requireSignedIn } from '../page-auth';

/** Evaluate pages are for admins: null for an admin, else the notice a member sees instead. */
export async function requireAdminPage(path: string): Promise<ReactNode | null> {
  const viewer = await requireSignedIn(path);
  if (viewer.role === 'admin') return null;
  return (
    <p role="alert" className="text-sm text-zinc-600 dark:text-zinc-400">
      Only an admin can run evaluations. Ask your admin for the results.
    </p>
  );
}
