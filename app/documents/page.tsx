import { DocumentManager } from '@/components/document-manager';

export default function DocumentsPage() {
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">Documents</h1>
      <DocumentManager />
    </section>
  );
}
