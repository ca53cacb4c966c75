'use client';

import { useCallback, useEffect, useState } from 'react';
import type { CollectionList, CollectionView, InvitationView } from '@/lib/collections';
import { fetchJson } from './api-client';
import { useLatestTicket } from './use-latest-ticket';

export type CollectionItem = CollectionView;
export type InvitationItem = InvitationView;

/**
 * What a request's `collection` should say for this collection: a bare name always means the
 * person's own, so another owner's collection is named `owner-email/name`.
 */
export const collectionRef = (c: Pick<CollectionItem, 'name' | 'owner' | 'owned'>) => (c.owned || !c.owner ? c.name : `${c.owner}/${c.name}`);

/** How a collection is shown: shared ones carry their owner's email. */
export const collectionLabel = (c: Pick<CollectionItem, 'name' | 'owner' | 'owned'>) => (c.owned || !c.owner ? c.name : `${c.name} (${c.owner})`);

/** Collections and pending invitations from /api/collections; `refresh` after anything that changes them. */
export function useCollections() {
  const [collections, setCollections] = useState<CollectionItem[] | null>(null);
  const [invitations, setInvitations] = useState<InvitationItem[]>([]);
  const take = useLatestTicket();
  const refresh = useCallback(() => {
    const isLatest = take();
    return fetchJson<CollectionList>('/api/collections').then(
      (body) => {
        if (!isLatest()) return;
        setCollections(body.collections);
        setInvitations(body.invitations);
      },
      () => isLatest() && setCollections((prev) => prev ?? []),
    );
  }, [take]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { collections, invitations, refresh };
}
