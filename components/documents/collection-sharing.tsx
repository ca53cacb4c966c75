'use client';

import { X } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { fetchJson, sendJson } from '../api-client';

const path = (collection: string) => `/api/collections/${encodeURIComponent(collection)}/members`;

/** The owner of a collection lets other accounts search it and add to it, by email. */
export function CollectionSharing({ collection }: { collection: string }) {
  const [members, setMembers] = useState<{ email: string }[]>([]);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchJson<{ members: { email: string }[] }>(path(collection)).then(
      (body) => setMembers(body.members),
      (err: Error) => setError(err.message),
    );
  }, [collection]);
  useEffect(load, [load]);

  const act = async (request: () => Promise<unknown>) => {
    setError(null);
    try {
      await request();
      load();
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };

  return (
    <div className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <p className="font-medium">Shared with</p>
      {members.length === 0 ? (
        <p className="text-zinc-500">Only you can use “{collection}”.</p>
      ) : (
        <ul className="flex flex-wrap gap-2" aria-label={`People who can use ${collection}`}>
          {members.map((m) => (
            <li key={m.email} className="flex items-center gap-1 rounded-full bg-zinc-100 py-0.5 pr-1 pl-2 dark:bg-zinc-800">
              {m.email}
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
        className="flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await act(() => fetchJson(path(collection), sendJson('POST', { email })))) setEmail('');
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
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2.5 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Share
        </button>
      </form>
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
