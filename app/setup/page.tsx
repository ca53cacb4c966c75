import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';
import { redirectIfSetUp } from '../page-auth';

export const metadata: Metadata = { title: 'Create the admin · Docent' };
export const dynamic = 'force-dynamic';

/** The first visit to a fresh install: create the admin account before anything else. */
export default async function SetupPage() {
  await redirectIfSetUp();
  return (
    <div className="mx-auto w-full max-w-sm px-4 py-12">
      <h1 className="mb-2 text-xl font-semibold">Welcome to Docent</h1>
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Create the admin account first. The admin manages settings and adds the other people who may use this Docent.
      </p>
      <SignInForm mode="setup" next="/documents" />
    </div>
  );
}
