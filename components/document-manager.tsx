'use client';

import { useCallback, useEffect, useState } from 'react';

interface DocumentItem {
  id: string;
  name: string;
  status: 'queued' | 'processing' | 'ready' | 'failed';
  progress: number;
  chunkCount: number;
  error: string | null;
}

const STATUS_LABEL: Record<DocumentItem['status'], string> = {
  queued: 'Queued',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

async function errorText(response: Response): Promise<string> {
  const body = await response.json().catch(() => null);
  return body?.error?.message ?? `The server answered ${response.status}.`;
}

async function fetchDocuments(): Promise<DocumentItem[]> {
  const response = await fetch('/api/documents', { cache: 'no-store' });
  if (!response.ok) throw new Error(await errorText(response));
  return (await response.json()).documents;
}

/** Upload and list documents; polls while any document is still being ingested. */
export function DocumentManager() {
  const [documents, setDocuments] = useState<DocumentItem[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(
    () =>
      fetchDocuments().then(
        (docs) => setDocuments(docs),
        (err: Error) => setMessage(err.message),
      ),
    [],
  );

  useEffect(() => {
    fetchDocuments().then(setDocuments, (err: Error) => setMessage(err.message));
  }, []);

  const pending = documents.some((d) => d.status === 'queued' || d.status === 'processing');
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void refresh(), 1000);
    return () => clearInterval(timer);
  }, [pending, refresh]);

  async function upload(files: FileList | null) {
    if (!files || files.length === 0) return;
    const form = new FormData();
    for (const file of Array.from(files)) form.append('file', file);
    setMessage(null);
    const response = await fetch('/api/documents', { method: 'POST', body: form });
    if (!response.ok) setMessage(await errorText(response));
    await refresh();
  }

  async function remove(id: string) {
    const response = await fetch(`/api/documents/${id}`, { method: 'DELETE' });
    if (!response.ok && response.status !== 404) setMessage(await errorText(response));
    await refresh();
  }

  return (
    <div className="space-y-4">
      <label className="block text-sm font-medium">
        Upload documents
        <input
          type="file"
          multiple
          className="mt-1 block w-full text-sm"
          onChange={(e) => {
            void upload(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {message && (
        <p role="alert" className="text-sm text-red-600">
          {message}
        </p>
      )}
      {documents.length === 0 ? (
        <p className="text-sm text-zinc-500">No documents yet. Upload PDF, Word, HTML, Markdown, text or CSV files.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {documents.map((doc) => (
            <li key={doc.id} className="flex items-center gap-3 py-2 text-sm">
              <span className="min-w-0 flex-1 truncate" title={doc.name}>
                {doc.name}
              </span>
              <span>{STATUS_LABEL[doc.status]}</span>
              {doc.status === 'processing' && <progress max={1} value={doc.progress} aria-label={`Progress of ${doc.name}`} />}
              {doc.error && <span className="text-red-600">{doc.error}</span>}
              <button type="button" className="rounded border px-2 py-0.5" onClick={() => void remove(doc.id)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
