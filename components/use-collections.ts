'use client';

import { useCallback, useEffect, useState } from 'react';
import { fetchJson } from './api-client';

export interface CollectionItem {
  name: string;
  documentCount: number;
  /** The person's own (else shared with them by its owner). */
  owned: boolean;
}

/** Collections from /api/collections; `refresh` after an upload may have created one. */
export function useCollections() {
  const [collections, setCollections] = useState<CollectionItem[] | null>(null);
  const refresh = useCallback(
    () =>
      fetchJson<{ collections: CollectionItem[] }>('/api/collections').then(
        (body) => setCollections(body.collections),
        () => setCollections((prev) => prev ?? []),
      ),
    [],
  );
  useEffect(() => {
    let live = true;
    fetchJson<{ collections: CollectionItem[] }>('/api/collections').then(
      (body) => live && setCollections(body.collections),
      () => live && setCollections((prev) => prev ?? []),
    );
    return () => {
      live = false;
    };
  }, []);
  return { collections, refresh };
}
