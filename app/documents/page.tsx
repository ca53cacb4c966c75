import type { Metadata } from 'next';
import { DocumentManager } from '@/components/document-manager';
import { requireSignedIn } from '../page-auth';

export const metadata: Metadata = { title: 'Documents · Docent' };
export const dynamic = 'force-dynamic';

export default async function DocumentsPage() {
  await requireSignedIn('/documents');
  return (
    <div className="mx-auto w-full max-w-4xl space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold">Documents</h1>
      <DocumentManager />
    </div>
  );
}
