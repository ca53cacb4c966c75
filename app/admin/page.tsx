import type { Metadata } from 'next';
import { SettingsForm } from '@/components/settings/settings-form';
import { StatusPanel } from '@/components/settings/status-panel';

export const metadata: Metadata = { title: 'Settings · Docent' };

export default function SettingsPage() {
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-6">
      <h1 className="mb-4 text-xl font-semibold">Settings</h1>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <SettingsForm />
        <StatusPanel />
      </div>
    </div>
  );
}
