'use client';

import type { EmbeddingIndexView } from '@/lib/reindex/change';

const buttonClass =
  'rounded-md border border-zinc-300 px-2.5 py-1 text-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800';

interface Props {
  index: EmbeddingIndexView;
  busy: boolean;
  onRetry: () => void;
  onCancel: () => void;
}

/** Which model search uses, and a re-index to another one: progress bar, failures, retry and cancel. */
export function ReindexProgress({ index, busy, onRetry, onCancel }: Props) {
  if (index.state === 'ready' || !index.targetModel) {
    return index.activeModel ? (
      <p className="text-xs text-zinc-500">
        Search uses {index.activeModel}
        {index.activeDim ? ` (${index.activeDim} dimensions)` : ''}.
      </p>
    ) : null;
  }
  const percent = Math.round(index.fraction * 100);
  const summary = `${index.done} of ${index.total} documents`;
  return (
    <div className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <p className="text-sm">
        {index.state === 'failed' ? 'Re-index stopped: ' : 'Re-indexing with '}
        <span className="font-medium">{index.targetModel}</span>
        {index.state === 'failed' ? ` could not embed ${index.failed === 1 ? 'one document' : `${index.failed} documents`}.` : ` — ${summary}.`}
        {' '}Search keeps using {index.activeModel ?? 'the current index'} until every document is re-indexed.
      </p>
      <div
        role="progressbar"
        aria-label="Re-index progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${summary})`}
        className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className={`h-full ${index.state === 'failed' ? 'bg-amber-500' : 'bg-blue-600'} transition-[width]`} style={{ width: `${percent}%` }} />
      </div>
      {index.failures.length > 0 && (
        <ul className="space-y-1 text-xs text-red-700 dark:text-red-400" aria-label="Documents the re-index could not embed">
          {index.failures.map((f) => (
            <li key={f.documentId} className="break-words">
              <span className="font-medium">{f.documentName}</span>: {f.error}
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        {index.failed > 0 && (
          <button type="button" disabled={busy} onClick={onRetry} className={buttonClass}>
            Retry failed documents
          </button>
        )}
        <button type="button" disabled={busy} onClick={onCancel} className={buttonClass}>
          Cancel re-index
        </button>
      </div>
    </div>
  );
}
