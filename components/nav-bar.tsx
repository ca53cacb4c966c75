import Link from 'next/link';

const links = [
  { href: '/', label: 'Chat' },
  { href: '/documents', label: 'Documents' },
  { href: '/admin', label: 'Settings' },
];

export function NavBar() {
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800">
      <nav aria-label="Main" className="mx-auto flex max-w-4xl items-center gap-6 px-4 py-3">
        <span className="font-semibold">Docent</span>
        {links.map((link) => (
          <Link key={link.href} href={link.href} className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white">
            {link.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
