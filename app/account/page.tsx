import type { Metadata } from 'next';
import { ApiKeyManager } from '@/components/auth/api-key-manager';
import { requireSignedIn } from '../page-auth';

export const metadata: Metadata = { title: 'Account · Docent' };
export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const viewer = await requireSignedIn('/account');
  return (
    <div className="mx-auto w-full max-w-3xl space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold">Account</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Signed in as {viewer.email} ({viewer.role}).
      </p>
      <ApiKeyManager />
    </div>
  );
}
