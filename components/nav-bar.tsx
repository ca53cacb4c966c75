'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/', label: 'Chat', active: (p: string) => p === '/' || p.startsWith('/chat/') },
  { href: '/documents', label: 'Documents', active: (p: string) => p.startsWith('/documents') },
  { href: '/admin', label: 'Settings', active: (p: string) => p.startsWith('/admin') },
];

/** The one place these three link names appear on any page (browser checks rely on it). */
export function NavBar() {
  const pathname = usePathname() ?? '/';
  return (
    <header className="h-12 shrink-0 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <nav aria-label="Main" className="flex h-full items-center gap-1 px-3 sm:gap-4 sm:px-4">
        <span className="mr-2 font-semibold tracking-tight">Docent</span>
        {links.map((link) => {
          const active = link.active(pathname);
          return (
            <Link
              key={link.href}
              href={link.href}
              aria-current={active ? 'page' : undefined}
              className={`rounded-md px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 ${
                active ? 'bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white' : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white'
              }`}
            >
              {link.label}
            </Link>
          );
        })}
      </nav>
    </header>
  );
}
