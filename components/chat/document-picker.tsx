'use client';

import { useEffect, useState } from 'react';
import type { DocumentList, DocumentView } from '@/lib/documents/documents';
import { fetchJson } from '../api-client';

interface DocumentPickerProps {
  value: string | null;
  onChange: (id: string | null) => void;
}

/** Ask about one document read whole, instead of searching every document. */
export function DocumentPicker({ value, onChange }: DocumentPickerProps) {
  const [documents, setDocuments] = useState<DocumentView[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<DocumentList>('/api/documents', { signal: controller.signal })
      .then((body) => setDocuments(body.documents.filter((d) => d.status === 'ready')))
      .catch(() => setDocuments([]));
    return () => controller.abort();
  }, []);
  // A document chosen by link shows even before the list arrives.
  const options = value && !documents.some((d) => d.id === value) ? [{ id: value, name: 'Chosen document', status: 'ready' }, ...documents] : documents;
  return (
    <label className="mx-auto mb-2 flex max-w-3xl items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      Document
      <select
        aria-label="Document"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        className="min-w-0 max-w-[11rem] truncate rounded-md sm:max-w-xs border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      >
        <option value="">Search all documents</option>
        {options.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
