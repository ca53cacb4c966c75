import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavBar } from '@/components/nav-bar';
import './globals.css';

export const metadata: Metadata = {
  title: 'Docent',
  description: 'Chat with your own documents, on your own machine.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <NavBar />
        <main className="mx-auto w-full max-w-4xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
