'use client';

import { CopyButton } from '../copy-button';

import { useCallback, useEffect, useState } from 'react';
import type { ApiKeyList, ApiKeyView, NewApiKey } from '@/lib/auth/api-keys';
import { fetchJson, sendJson } from '../api-client';
import { Field, Fieldset, inputClass } from '../settings/fields';

/** The person's API keys for /api and /v1; a new key is shown once, then only its prefix. */
export function ApiKeyManager() {
  const [keys, setKeys] = useState<ApiKeyView[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchJson<ApiKeyList>('/api/keys').then((b) => setKeys(b.keys), (err: Error) => setError(err.message));
  }, []);
  useEffect(load, [load]);

  const create = async () => {
    setError(null);
    try {
      const key = await fetchJson<NewApiKey>('/api/keys', sendJson('POST', { name }));
      setCreated(key.key);
      setName('');
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const remove = async (key: ApiKeyView) => {
    setError(null);
    try {
      await fetchJson(`/api/keys/${key.id}`, sendJson('DELETE'));
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Fieldset legend="API keys">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Use a key as <code>Authorization: Bearer &lt;key&gt;</code> with <code>/api</code> and the OpenAI-compatible <code>/v1</code>; it acts as you.
      </p>
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Your API keys">
        {keys.map((k) => (
          <li key={k.id} className="flex items-center justify-between gap-2 py-2">
            <span className="min-w-0 truncate">
              {k.name} <code className="text-xs text-zinc-500">{k.prefix}…</code>
            </span>
            <button type="button" onClick={() => void remove(k)} className="rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Delete key {k.name}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="flex-1">
          <Field label="Key name">
            {(id) => <input id={id} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />}
          </Field>
        </div>
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Create key
        </button>
      </form>
      {created && (
        <p role="status" className="text-sm">
          Copy this key now; it will not be shown again: <code className="break-all select-all">{created}</code>{' '}
          <CopyButton text={created} label="Copy key" />
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </Fieldset>
  );
}
