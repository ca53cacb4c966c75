'use client';

import { LogOut, UserRound } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavUser {
  email: string | null;
  role: 'admin' | 'member';
}

const links = [
  { href: '/', label: 'Chat', admin: false, active: (p: string) => p === '/' || p.startsWith('/chat/') },
  { href: '/documents', label: 'Documents', admin: false, active: (p: string) => p.startsWith('/documents') },
  { href: '/evaluate', label: 'Evaluate', admin: true, active: (p: string) => p.startsWith('/evaluate') },
  { href: '/admin', label: 'Settings', admin: true, active: (p: string) => p.startsWith('/admin') },
];

const linkClass = (active: boolean) =>
  `rounded-md px-1 py-1 text-sm sm:px-2 focus-visible:outline-2 focus-visible:outline-blue-600 ${
    active ? 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white' : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white'
  }`;

async function signOut() {
  await fetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
  // A full load, not a client push: the server-rendered layout must forget the session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign('/sign-in');
}

/**
 * The one place these link names appear on any page (browser checks rely on them). Signed out,
 * only the name shows; Evaluate and Settings are for admins.
 */
export function NavBar({ user }: { user: NavUser | null }) {
  const pathname = usePathname() ?? '/';
  return (
    <header className="h-12 shrink-0 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <nav aria-label="Main" className="flex h-full items-center gap-0.5 px-2 sm:gap-4 sm:px-4">
        {/* At phone width the name gives way to the mark, so the links and Sign out fit (375 px, admin). */}
        <span className="mr-1 flex shrink-0 items-center gap-2 font-semibold tracking-tight sm:mr-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a 20 px SVG needs no optimising */}
          <img src="/favicon.svg" alt="" width={20} height={20} />
          <span className="sr-only sm:not-sr-only">Docent</span>
        </span>
        {user &&
          links
            .filter((link) => !link.admin || user.role === 'admin')
            .map((link) => {
              const active = link.active(pathname);
              return (
                <Link key={link.href} href={link.href} aria-current={active ? 'page' : undefined} className={linkClass(active)}>
                  {link.label}
                </Link>
              );
            })}
        {user?.email && (
          <div className="ml-auto flex items-center gap-1">
            <Link href="/account" aria-current={pathname === '/account' ? 'page' : undefined} className={`${linkClass(pathname === '/account')} hidden max-w-48 truncate sm:inline`} title={user.email}>
              {user.email}
            </Link>
            <Link href="/account" aria-label="Account" title="Account" className={`${linkClass(pathname === '/account')} sm:hidden`}>
              <UserRound aria-hidden="true" className="size-4" />
            </Link>
            <button type="button" onClick={() => void signOut()} aria-label="Sign out" title="Sign out" className={`${linkClass(false)} flex items-center gap-1`}>
              <LogOut aria-hidden="true" className="size-4" />
              <span className="hidden sm:inline">Sign out</span>
            </button>
          </div>
        )}
      </nav>
    </header>
  );
}
