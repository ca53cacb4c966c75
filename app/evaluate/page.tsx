import type { Metadata } from 'next';
import { EvaluateManager } from '@/components/evaluate/evaluate-manager';
import { requireAdminPage } from './admin-only';

export const metadata: Metadata = { title: 'Evaluate · Docent' };
export const dynamic = 'force-dynamic';

export default async function EvaluatePage() {
  const refusal = await requireAdminPage('/evaluate');
  return (
    <div className="mx-auto w-full max-w-5xl space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold">Evaluate</h1>
      {refusal ?? <EvaluateManager />}
    </div>
  );
}
