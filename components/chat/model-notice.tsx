'use client';

import { useEffect, useState } from 'react';
import type { Health } from '@/lib/health';
import { fetchJson } from '../api-client';

/** Says, in the server's words, what is missing before questions can be answered (e.g. how to get the model). */
export function ModelNotice() {
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    let cancelled = false;
    fetchJson<Health>('/api/health').then(
      (health) => {
        if (cancelled) return;
        const found: string[] = [];
        if (!health.llm.ready) found.push(`The chat model (${health.llm.model}) is not ready: ${health.llm.error ?? 'it is still loading.'} Meanwhile, Answer mode Quotes answers from the sources without a model.`);
        if (!health.embedder.ready && health.embedder.error && !/still loading/i.test(health.embedder.error)) {
          found.push(`The embedding model (${health.embedder.model}) is not ready: ${health.embedder.error}`);
        }
        setProblems(found);
      },
      (err: Error) => !cancelled && setProblems([err.message]),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  if (problems.length === 0) return null;
  return (
    <div role="status" className="mx-auto mt-3 w-full max-w-3xl px-4">
      <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        {problems.map((p) => (
          <p key={p} className="break-words">
            {p}
          </p>
        ))}
      </div>
    </div>
  );
}
