'use client';

import type { CollectionItem, InvitationItem } from '../use-collections';
import { fetchJson, sendJson } from '../api-client';
import { ActionError, useAction } from './use-action';

const membership = (id: string) => `/api/collections/${id}/membership`;
const BUTTON = 'rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';
const ROLE_TEXT = { reader: 'you may search and cite it', editor: 'you may search it and add documents', owner: 'you own it' };

/** A collection someone shared with the signed-in person: whose it is, what they may do, and Leave. */
export function SharedCollection({ collection, onChange }: { collection: CollectionItem; onChange: () => void }) {
  const { error, act } = useAction(onChange);
  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <p>
        <span className="font-medium">“{collection.name}”</span> is owned by <span className="font-medium break-all">{collection.owner}</span>
        <span className="text-zinc-500">
          {' '}
          · {collection.role}: {ROLE_TEXT[collection.role]}
        </span>
      </p>
      <p className="text-xs text-zinc-500">Leaving removes it from your lists and searches; documents you uploaded to it stay yours.</p>
      <button type="button" className={BUTTON} onClick={() => void act(() => fetchJson(membership(collection.id), sendJson('DELETE')))}>
        Leave
      </button>
      <ActionError error={error} />
    </div>
  );
}

/** Shares waiting for an answer: nothing of them is visible until Accept. */
export function Invitations({ invitations, onChange }: { invitations: InvitationItem[]; onChange: () => void }) {
  const { error, act } = useAction(onChange);
  if (invitations.length === 0) return null;
  return (
    <section aria-label="Invitations" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40">
      <h2 className="font-medium">Invitations</h2>
      <ul className="space-y-2">
        {invitations.map((inv) => (
          <li key={inv.id} className="flex flex-wrap items-center justify-between gap-2">
            <span className="min-w-0 break-words">
              <span className="font-medium break-all">{inv.owner}</span> shares “{inv.name}” with you as {inv.role}
            </span>
            <span className="flex gap-2">
              <button type="button" className={BUTTON} onClick={() => void act(() => fetchJson(membership(inv.id), sendJson('POST')))}>
                Accept
              </button>
              <button type="button" className={BUTTON} onClick={() => void act(() => fetchJson(membership(inv.id), sendJson('DELETE')))}>
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
      <ActionError error={error} />
    </section>
  );
}
