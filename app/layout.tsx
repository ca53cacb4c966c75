import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { NavBar } from '@/components/nav-bar';
import { pageViewer } from './page-auth';
import './globals.css';
import './markdown.css';

export const metadata: Metadata = {
  title: 'Docent',
  description: 'Chat with your own documents, on your own machine.',
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
  manifest: '/manifest.webmanifest',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

/** Pages set their own width: the chat fills the screen, the others are a centred column. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts).
  await connection();
  const viewer = await pageViewer();
  const user = viewer ? { email: viewer.email, role: viewer.role } : null;
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900">
          Skip to content
        </a>
        <NavBar user={user} />
        <main id="main" className="flex min-h-0 w-full flex-1 flex-col">
          {children}
        </main>
      </body>
    </html>
  );
}
