import type { Metadata } from 'next';
import { ModelLibrarySection } from '@/components/models/model-library';
import { SettingsForm } from '@/components/settings/settings-form';
import { StatusPanel } from '@/components/settings/status-panel';
import { UserManager } from '@/components/settings/user-manager';
import { requireSignedIn } from '../page-auth';

export const metadata: Metadata = { title: 'Settings · Docent' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const viewer = await requireSignedIn('/admin');
  if (viewer.role !== 'admin') {
    return (
      <div className="mx-auto w-full max-w-5xl px-4 py-6">
        <h1 className="mb-4 text-xl font-semibold">Settings</h1>
        <p role="alert" className="text-sm text-zinc-600 dark:text-zinc-400">
          Only an admin can change Docent&apos;s settings. Ask your admin if something needs changing.
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-6">
      <h1 className="mb-4 text-xl font-semibold">Settings</h1>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <div className="space-y-6">
          <SettingsForm />
          <ModelLibrarySection />
          <UserManager currentUserId={viewer.userId} />
        </div>
        <StatusPanel />
      </div>
    </div>
  );
}
