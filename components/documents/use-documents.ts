'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefreshedDocument } from '@/lib/documents/add-from-url';
import type { DocumentList } from '@/lib/documents/documents';
import { fetchJson, sendJson } from '../api-client';
import type { DocumentItem } from './types';

const POLL_MS = 1000;

/** The document list for a collection filter, polled while anything is still being ingested. */
export function useDocuments(collection: string | null) {
  const [documents, setDocuments] = useState<DocumentItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A list fetched before a delete must not bring the row back, nor one fetched before an
  // upload finished drop the new row: uploads are numbered, and a list only speaks for earlier ones.
  const deleted = useRef(new Set<string>());
  const uploaded = useRef(new Map<string, { seq: number; doc: DocumentItem }>());
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const startedAt = seq.current;
    try {
      const query = collection ? `?collection=${encodeURIComponent(collection)}` : '';
      const { documents: docs } = await fetchJson<DocumentList>(`/api/documents${query}`);
      const listed = new Set(docs.map((d) => d.id));
      const newer: DocumentItem[] = [];
      for (const [id, entry] of uploaded.current) {
        if (listed.has(id) || entry.seq <= startedAt) uploaded.current.delete(id);
        else newer.push(entry.doc);
      }
      setDocuments([...newer, ...docs].filter((d) => !deleted.current.has(d.id)));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [collection]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const pending = documents?.some((d) => d.status === 'queued' || d.status === 'processing') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [pending, refresh]);

  /** An uploaded document joins the list at once (or replaces its duplicate). */
  const add = useCallback(
    (doc: DocumentItem) => {
      // The filter is a reference: a name, or `owner-email/name` for a shared collection.
      if (collection && doc.collection !== collection && !collection.endsWith(`/${doc.collection}`)) return;
      uploaded.current.set(doc.id, { seq: ++seq.current, doc });
      setDocuments((prev) => [doc, ...(prev ?? []).filter((d) => d.id !== doc.id)]);
    },
    [collection],
  );

  const remove = useCallback(async (id: string) => {
    deleted.current.add(id);
    try {
      await fetchJson(`/api/documents/${id}`, sendJson('DELETE'));
    } catch (err) {
      if ((err as { status?: number }).status !== 404) {
        deleted.current.delete(id);
        throw err;
      }
    }
    setDocuments((prev) => prev?.filter((d) => d.id !== id) ?? prev);
  }, []);

  const retry = useCallback(async (id: string) => {
    const doc = await fetchJson<DocumentItem>(`/api/documents/${id}/retry`, sendJson('POST'));
    setDocuments((prev) => prev?.map((d) => (d.id === id ? doc : d)) ?? prev);
  }, []);

  /** Fetches a URL document again; the server re-indexes it only when the page changed. */
  const refetch = useCallback(async (id: string): Promise<boolean> => {
    const { document, changed } = await fetchJson<RefreshedDocument>(`/api/documents/${id}/refresh`, sendJson('POST'));
    setDocuments((prev) => prev?.map((d) => (d.id === id ? document : d)) ?? prev);
    return changed;
  }, []);

  return { documents, error, refresh, add, remove, retry, refetch };
}
