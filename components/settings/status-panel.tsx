'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Health } from '@/lib/health';
import type { SystemStatus } from '@/lib/status';
import { fetchJson } from '../api-client';
import { formatBytes } from '../documents/types';

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="py-1.5">
      <dt className="text-xs text-zinc-500">{term}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

function Readiness({ ready, error }: { ready: boolean; error?: string }) {
  return ready ? (
    <span className="text-green-700 dark:text-green-400">ready</span>
  ) : (
    <span className="text-amber-700 dark:text-amber-400">not ready{error ? ` — ${error}` : ''}</span>
  );
}

/** What the server is running on and how it is doing: database, counts, models, memory. */
export function StatusPanel() {
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(
    () =>
      Promise.all([fetchJson<SystemStatus>('/api/status'), fetchJson<Health>('/api/health')]).then(
        ([s, h]) => {
          setStatus(s);
          setHealth(h);
          setError(null);
        },
        (err: Error) => setError(err.message),
      ),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section aria-labelledby="status-heading" className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="flex items-center justify-between">
        <h2 id="status-heading" className="text-sm font-semibold">
          Status
        </h2>
        <button
          type="button"
          onClick={() => void refresh()}
          className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Refresh status
        </button>
      </div>
      {error && <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">{error}</p>}
      {!status || !health ? (
        !error && <p className="mt-2 text-sm text-zinc-500">Loading status…</p>
      ) : (
        <dl className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-900">
          <Row term="Database">
            {status.database.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} · {formatBytes(status.databaseBytes)}
          </Row>
          <Row term="Documents">
            {status.documents.total} ({status.documents.ready} ready, {status.documents.queued + status.documents.processing} in progress, {status.documents.failed} failed)
          </Row>
          <Row term="Chunks">{status.chunks.toLocaleString()}</Row>
          <Row term="Embedder">
            {health.embedder.model} ({health.embedder.dim} dimensions) · <Readiness ready={health.embedder.ready} error={health.embedder.error} />
          </Row>
          <Row term="Chat model">
            {health.llm.model} via {health.llm.provider} · <Readiness ready={health.llm.ready} error={health.llm.error} />
          </Row>
          <Row term="Server memory (RSS)">
            {formatBytes(status.memory.rssBytes)} · up {Math.round(status.uptimeSeconds / 60)} min
          </Row>
        </dl>
      )}
    </section>
  );
}
