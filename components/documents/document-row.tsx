'use client';

import { useState } from 'react';
import { formatBytes, formatDate, ocrLabel, STATUS_LABEL, type DocumentItem } from './types';
import type { UploadItem } from './use-uploads';

const small = 'rounded-md border px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600';
// A fixed-width right column: the status text starts at the same place in every row, whatever
// buttons (Retry, Confirm delete + Cancel, Dismiss) follow it.
const sideColumn = 'flex shrink-0 items-center gap-2 sm:w-72';
const statusCell = 'w-24 shrink-0 text-xs font-medium';
const plain = `${small} border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800`;

function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <progress
      max={1}
      value={value}
      aria-label={label}
      className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 [&::-webkit-progress-bar]:bg-zinc-200 [&::-webkit-progress-value]:bg-blue-600 dark:[&::-webkit-progress-bar]:bg-zinc-800"
    />
  );
}

interface DocumentRowProps {
  doc: DocumentItem;
  onDelete: (id: string) => Promise<void>;
  onRetry: (id: string) => Promise<void>;
  /** Re-fetches a URL document; resolves to whether its content changed. */
  onRefresh: (id: string) => Promise<boolean>;
}

/** One document: name, status as text, details, progress while ingesting, and its actions. */
export function DocumentRow({ doc, onDelete, onRetry, onRefresh }: DocumentRowProps) {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ingesting = doc.status === 'queued' || doc.status === 'processing';

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="flex flex-col gap-1.5 py-3 sm:flex-row sm:items-center sm:gap-4">
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" title={doc.name}>
          <bdi>{doc.name}</bdi>
        </p>
        <p className="text-xs text-zinc-500">
          {doc.collection} · {formatBytes(doc.bytes)} · {doc.chunkCount} {doc.chunkCount === 1 ? 'chunk' : 'chunks'} · {formatDate(doc.createdAt)}
          {doc.duplicate && ' · already uploaded, not stored twice'}
        </p>
        {doc.ocr && <p className="text-xs text-zinc-500">{ocrLabel(doc.ocr)}</p>}
        {doc.warnings.length > 0 && (
          <ul aria-label={`Parse warnings for ${doc.name}`} className="text-xs break-words text-amber-700 dark:text-amber-400">
            {doc.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        {doc.sourceUrl && (
          <p className="truncate text-xs text-zinc-500">
            From{' '}
            <a href={doc.sourceUrl} target="_blank" rel="noopener noreferrer nofollow" className="underline">
              {doc.sourceUrl}
            </a>
          </p>
        )}
        {note && <p className="text-xs text-zinc-500">{note}</p>}
        {ingesting && (
          <div className="mt-1 max-w-sm">
            <ProgressBar value={doc.status === 'queued' ? 0 : doc.progress} label={`Progress of ${doc.name}`} />
          </div>
        )}
        {doc.error && <p className="mt-1 text-xs break-words text-red-700 dark:text-red-400">{doc.error}</p>}
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
      <div className={sideColumn}>
        <span
          className={`${statusCell} ${
            doc.status === 'ready' ? 'text-green-700 dark:text-green-400' : doc.status === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'
          }`}
        >
          {STATUS_LABEL[doc.status]}
        </span>
        {doc.status === 'ready' && (
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: the chat page reads ?document= when it loads
          <button type="button" className={plain} onClick={() => window.location.assign(`/?document=${encodeURIComponent(doc.id)}`)}>
            Chat about this document
          </button>
        )}
        {/* A document that failed for a reason in the file or the settings would fail again: no Retry. */}
        {doc.status === 'failed' && doc.retryable && (
          <button type="button" disabled={busy} className={plain} onClick={() => void act(() => onRetry(doc.id))}>
            Retry
          </button>
        )}
        {doc.sourceUrl && !ingesting && (
          <button
            type="button"
            disabled={busy}
            className={plain}
            onClick={() => void act(async () => setNote((await onRefresh(doc.id)) ? 'Changed; indexing it again.' : 'Unchanged since it was fetched.'))}
          >
            Refresh
          </button>
        )}
        {confirming ? (
          <>
            <button
              type="button"
              autoFocus
              disabled={busy}
              className={`${small} border-red-300 bg-red-600 text-white hover:bg-red-700 dark:border-red-800`}
              onClick={() => void act(() => onDelete(doc.id))}
            >
              Confirm delete
            </button>
            <button type="button" className={plain} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className={plain} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}

/** A file still on its way up: its own progress bar, from the browser's upload events. */
export function UploadRow({ upload, onDismiss }: { upload: UploadItem; onDismiss: (key: string) => void }) {
  return (
    <li className="flex flex-col gap-1.5 py-3 sm:flex-row sm:items-center sm:gap-4">
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" title={upload.name}>
          <bdi>{upload.name}</bdi>
        </p>
        <p className="text-xs text-zinc-500">{formatBytes(upload.bytes)}</p>
        {upload.status !== 'failed' && (
          <div className="mt-1 max-w-sm">
            <ProgressBar value={upload.progress} label={`Upload progress of ${upload.name}`} />
          </div>
        )}
        {upload.error && (
          <p role="alert" className="mt-1 text-xs break-words text-red-700 dark:text-red-400">
            {upload.error}
          </p>
        )}
      </div>
      <div className={sideColumn}>
        <span className={`${statusCell} text-zinc-600 dark:text-zinc-400`}>
          {upload.status === 'waiting' ? 'Waiting' : upload.status === 'uploading' ? `Uploading ${Math.round(upload.progress * 100)}%` : 'Upload failed'}
        </span>
        {upload.status === 'failed' && (
          <button type="button" className={plain} onClick={() => onDismiss(upload.key)}>
            Dismiss
          </button>
        )}
      </div>
    </li>
  );
}
