'use client';

import { type FormEvent, useId, useState } from 'react';
import type { DocumentList } from '@/lib/documents/documents';
import { fetchJson, sendJson } from '../api-client';
import type { DocumentItem } from './types';

/** "Add from URL": Docent fetches the page (or file) server-side into the chosen collection. */
export function AddFromUrl({ collection, onAdded }: { collection: string; onAdded: (doc: DocumentItem) => void }) {
  const inputId = useId();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { documents } = await fetchJson<DocumentList>('/api/documents', sendJson('POST', { url: url.trim(), collection: collection.trim() || 'default' }));
      documents.forEach(onAdded);
      setUrl('');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={inputId} className="text-sm font-medium">
          Web page URL
        </label>
        <input
          id={inputId}
          type="url"
          required
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          disabled={busy || !url.trim()}
          className="rounded-md border border-zinc-300 px-3 py-1 text-sm font-medium hover:bg-zinc-100 disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {busy ? 'Fetching…' : 'Add from URL'}
        </button>
      </div>
      {error && (
        <p role="alert" className="text-xs break-words text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
