'use client';

import { useState } from 'react';
import { fetchJson, sendJson } from '../api-client';
import { Field, inputClass } from '../settings/fields';
import { useHydrated } from '../use-hydrated';

interface Props {
  /** `setup` creates the first admin; `sign-in` signs an existing account in. */
  mode: 'setup' | 'sign-in';
  next: string;
}

/** Email and password; on success a full page load, so every page renders for the new session. */
export function SignInForm({ mode, next }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Until the script runs, a click would submit nothing (the form posts JSON from script), and
  // what is typed into server HTML is lost at hydration: both wait, visibly, until it is ready.
  const hydrated = useHydrated();

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await fetchJson(mode === 'setup' ? '/api/auth/setup' : '/api/auth/sign-in', sendJson('POST', { email, password }));
      window.location.assign(next);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label="Email">
        {(id) => (
          <input id={id} type="email" autoComplete="username" required readOnly={!hydrated} value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} />
        )}
      </Field>
      <Field label="Password" hint={mode === 'setup' ? 'At least 8 characters; a passphrase is best.' : undefined}>
        {(id, hint) => (
          <input
            id={id}
            type="password"
            aria-describedby={hint}
            autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
            required
            readOnly={!hydrated}
            minLength={mode === 'setup' ? 8 : 1}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={inputClass}
          />
        )}
      </Field>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !hydrated}
        className="w-full rounded-md bg-blue-600 px-3 py-2 text-sm font-medium text-white hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-60"
      >
        {mode === 'setup' ? 'Create admin and sign in' : 'Sign in'}
      </button>
    </form>
  );
}
