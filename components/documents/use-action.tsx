'use client';

import { useState } from 'react';

/** Runs a request, keeps its error message for a role="alert", then calls `after` on success. */
export function useAction(after: () => void) {
  const [error, setError] = useState<string | null>(null);
  const act = async (request: () => Promise<unknown>) => {
    setError(null);
    try {
      await request();
      after();
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    }
  };
  return { error, setError, act };
}

export function ActionError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-red-700 dark:text-red-400">
      {error}
    </p>
  );
}
