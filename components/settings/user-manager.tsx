'use client';

import { useCallback, useEffect, useState } from 'react';
import type { UserList, UserView } from '@/lib/auth/accounts';
import { fetchJson, sendJson } from '../api-client';
import { Field, Fieldset, inputClass } from './fields';

/** The admin's list of accounts: add a member or admin, remove an account. */
export function UserManager({ currentUserId }: { currentUserId: string | null }) {
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [form, setForm] = useState({ email: '', password: '', role: 'member' });
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(() => {
    fetchJson<UserList>('/api/users').then(
      (body) => setUsers(body.users),
      (err: Error) => setNotice({ kind: 'error', text: err.message }),
    );
  }, []);
  useEffect(load, [load]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setNotice(null);
    try {
      await action();
      setNotice({ kind: 'ok', text: done });
      load();
      return true;
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
      return false;
    }
  };

  const add = async () => {
    const ok = await run(() => fetchJson('/api/users', sendJson('POST', form)), `Added ${form.email}. Give them the password; they sign in at /sign-in.`);
    if (ok) setForm({ email: '', password: '', role: 'member' });
  };

  return (
    <Fieldset legend="People">
      <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Accounts">
        {(users ?? []).map((u) => (
          <li key={u.id} className="flex items-center justify-between gap-2 py-2">
            <span className="min-w-0 truncate">
              {u.email} <span className="text-xs text-zinc-500">({u.role})</span>
            </span>
            {u.id !== currentUserId && (
              <button
                type="button"
                className="rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                onClick={() => {
                  if (window.confirm(`Remove ${u.email}? Their sessions and API keys stop working; their collections pass to you.`)) {
                    void run(() => fetchJson(`/api/users/${u.id}`, sendJson('DELETE')), `Removed ${u.email}.`);
                  }
                }}
              >
                Remove {u.email}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        className="grid gap-3 sm:grid-cols-[1fr_1fr_8rem_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label="New person's email">
          {(id) => <input id={id} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} className={inputClass} />}
        </Field>
        <Field label="Their password">
          {(id) => (
            <input id={id} type="password" autoComplete="new-password" required minLength={8} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} className={inputClass} />
          )}
        </Field>
        <Field label="Role">
          {(id) => (
            <select id={id} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} className={inputClass}>
              <option value="member">member</option>
              <option value="admin">admin</option>
            </select>
          )}
        </Field>
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Add person
        </button>
      </form>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`text-sm ${notice.kind === 'error' ? 'text-red-700 dark:text-red-400' : 'text-green-700 dark:text-green-400'}`}>
          {notice.text}
        </p>
      )}
    </Fieldset>
  );
}
