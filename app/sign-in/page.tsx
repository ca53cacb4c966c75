import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/lib/auth/next-path';
import { redirectIfSignedIn } from '../page-auth';

export const metadata: Metadata = { title: 'Sign in · Docent' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  await redirectIfSignedIn(next);
  return (
    <div className="mx-auto w-full max-w-sm px-4 py-12">
      <h1 className="mb-6 text-xl font-semibold">Sign in to Docent</h1>
      <SignInForm mode="sign-in" next={next} />
      <p className="mt-6 text-xs text-zinc-500">No account yet? Ask your Docent admin to add you.</p>
    </div>
  );
}
