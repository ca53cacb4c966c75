'use client';

import Link from 'next/link';
import { useCallback, useEffect, useId, useState } from 'react';
import type { EvaluationList, EvaluationView } from '@/lib/evaluate/evaluations';
import { apiError, fetchJson } from '../api-client';
import { CollectionSelect } from '../collection-select';
import { useCollections } from '../use-collections';
import { RunProgress, RunsTable } from './metrics';

const active = (runs: EvaluationView[]) => runs.some((r) => r.status === 'queued' || r.status === 'processing');

/** Upload a question set and run it; the runs so far, with progress; pick two to compare. */
export function EvaluateManager() {
  const { collections } = useCollections();
  const [collection, setCollection] = useState<string | null>(null);
  const [runs, setRuns] = useState<EvaluationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [compare, setCompare] = useState<string[]>([]);
  const fileId = useId();

  const refresh = useCallback(() => fetchJson<EvaluationList>('/api/evaluations').then((b) => setRuns(b.evaluations)), []);
  useEffect(() => {
    void refresh().catch((err) => setError(err.message));
  }, [refresh]);
  // While a run is going, follow its progress.
  useEffect(() => {
    if (!runs || !active(runs)) return;
    const timer = setTimeout(() => void refresh().catch(() => undefined), 1000);
    return () => clearTimeout(timer);
  }, [runs, refresh]);
  // Until one is picked, the first collection.
  const chosen = collection ?? collections?.[0]?.name ?? null;

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (chosen) form.set('collection', chosen);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/evaluations', { method: 'POST', body: form });
      if (!response.ok) throw await apiError(response);
      (event.target as HTMLFormElement).reset();
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (id: string) => setCompare((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev.slice(-1), id]));
  const compared = (runs ?? []).filter((r) => compare.includes(r.id));

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="font-semibold">New run</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A JSONL or CSV file with a <code>question</code> per row, and optionally <code>expected_answer</code> and <code>expected_documents</code>{' '}
          (document names, separated by <code>;</code> in CSV). With only expected documents the run measures retrieval alone.
        </p>
        <div className="flex flex-wrap items-center gap-4">
          <div className="flex min-w-0 flex-wrap items-center gap-2 text-sm">
            <label htmlFor={fileId}>Question set</label>
            <input id={fileId} name="file" type="file" required accept=".jsonl,.json,.csv,text/csv,application/json" className="min-w-0 max-w-full text-sm" />
          </div>
          <CollectionSelect label="Collection" value={chosen} collections={collections} onChange={setCollection} />
          <button type="submit" disabled={busy} className="rounded-md bg-blue-600 px-3 py-1.5 text-sm text-white hover:bg-blue-700 disabled:opacity-60">
            Run evaluation
          </button>
        </div>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        )}
      </form>

      <section aria-label="Runs" className="space-y-2">
        <h2 className="font-semibold">Runs</h2>
        {runs?.length === 0 && <p className="text-sm text-zinc-500">No runs yet.</p>}
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {(runs ?? []).map((run) => (
            <li key={run.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm">
              <Link href={`/evaluate/${run.id}`} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
                {run.name}
              </Link>
              <span className="text-xs text-zinc-500">
                {run.collection} · {run.kind === 'retrieval' ? 'retrieval only' : 'answers'} · {run.questionCount} questions
              </span>
              <RunProgress run={run} />
              {run.error && <span className="text-xs text-red-700 dark:text-red-300">{run.error}</span>}
              {run.status === 'done' && (
                <label className="ml-auto flex items-center gap-1 text-xs">
                  <input type="checkbox" checked={compare.includes(run.id)} onChange={() => toggle(run.id)} />
                  Compare
                </label>
              )}
            </li>
          ))}
        </ul>
      </section>

      {compared.length === 2 && (
        <section aria-label="Comparison" className="overflow-x-auto">
          <RunsTable runs={compared} caption="Two runs side by side" />
        </section>
      )}
    </div>
  );
}
