import type { Metadata } from 'next';
import Link from 'next/link';
import { EvaluationResult } from '@/components/evaluate/evaluation-result';
import { requireAdminPage } from '../admin-only';

export const metadata: Metadata = { title: 'Evaluation · Docent' };
export const dynamic = 'force-dynamic';

export default async function EvaluationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const refusal = await requireAdminPage(`/evaluate/${id}`);
  return (
    <div className="mx-auto w-full max-w-6xl space-y-4 px-4 py-6">
      <Link href="/evaluate" className="text-sm text-blue-700 hover:underline dark:text-blue-300">
        ← All runs
      </Link>
      <h1 className="text-xl font-semibold">Evaluation</h1>
      {refusal ?? <EvaluationResult id={id} />}
    </div>
  );
}
