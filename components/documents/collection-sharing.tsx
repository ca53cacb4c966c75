'use client';

import { X } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { MemberList, MemberView } from '@/lib/collections';
import { fetchJson, sendJson } from '../api-client';
import { useLatestTicket } from '../use-latest-ticket';
import { ActionError, useAction } from './use-action';

const path = (collection: string) => `/api/collections/${encodeURIComponent(collection)}/members`;
const BUTTON = 'rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';
const FIELD = 'rounded-md border border-zinc-300 bg-white px-2.5 py-1 dark:border-zinc-700 dark:bg-zinc-900';

/**
 * The owner invites people by email as readers (search, list, cite) or editors (also add
 * documents); each invitation shows as pending until its recipient accepts it.
 */
export function CollectionSharing({ collection }: { collection: string }) {
  const [members, setMembers] = useState<MemberView[]>([]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'reader' | 'editor'>('reader');

  const take = useLatestTicket();
  const load = useCallback(() => {
    const isLatest = take();
    fetchJson<MemberList>(path(collection)).then(
      (body) => isLatest() && setMembers(body.members),
      () => isLatest() && setMembers([]),
    );
  }, [collection, take]);
  useEffect(load, [load]);
  const { error, act } = useAction(load);

  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <p className="font-medium">
        Shared with <span className="font-normal text-zinc-500">· you are the owner</span>
      </p>
      {members.length === 0 ? (
        <p className="text-zinc-500">Only you can use “{collection}”.</p>
      ) : (
        <ul className="flex flex-wrap gap-2" aria-label={`People who can use ${collection}`}>
          {members.map((m) => (
            <li key={m.email} className="flex max-w-full items-center gap-1 rounded-full bg-zinc-100 py-0.5 pr-1 pl-2 dark:bg-zinc-800">
              <span className="truncate">{m.email}</span>
              <span className="shrink-0 text-xs text-zinc-500">
                {m.role}
                {m.status === 'pending' ? ' · invited' : ''}
              </span>
              <button
                type="button"
                aria-label={`Stop sharing with ${m.email}`}
                className="rounded-full p-1 hover:bg-zinc-200 dark:hover:bg-zinc-700"
                onClick={() => void act(() => fetchJson(`${path(collection)}?email=${encodeURIComponent(m.email)}`, sendJson('DELETE')))}
              >
                <X aria-hidden="true" className="size-3.5" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex flex-wrap gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await act(() => fetchJson(path(collection), sendJson('POST', { email, role })))) setEmail('');
        }}
      >
        <label className="sr-only" htmlFor="share-email">
          Share with (email)
        </label>
        <input
          id="share-email"
          type="email"
          required
          placeholder="colleague@example.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          className={`min-w-0 flex-1 basis-48 ${FIELD}`}
        />
        <label className="sr-only" htmlFor="share-role">
          Role
        </label>
        <select id="share-role" value={role} onChange={(e) => setRole(e.target.value as 'reader' | 'editor')} className={FIELD}>
          <option value="reader">Reader (search and cite)</option>
          <option value="editor">Editor (also add documents)</option>
        </select>
        <button type="submit" className={BUTTON}>
          Share
        </button>
      </form>
      <p className="text-xs text-zinc-500">They see it once they accept; only you delete others’ documents or change who has access.</p>
      <ActionError error={error} />
    </div>
  );
}
