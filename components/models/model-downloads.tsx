'use client';

import { useEffect, useState } from 'react';
import type { ModelDownloadState } from '@/lib/models/model-download';
import { fetchJson, sendJson } from '../api-client';
import { inputClass } from '../settings/fields';
import { formatBytes } from './model-table';

const POLL_MS = 1000;

interface Props {
  downloads: ModelDownloadState[];
  /** Reads the library again (new downloads, progress, a finished model). */
  reload(): Promise<unknown>;
  onError(message: string): void;
}

/** Add a model by hf: URI, and the downloads with progress, Cancel and Resume. */
export function ModelDownloads({ downloads, reload, onError }: Props) {
  const [uri, setUri] = useState('');
  const running = downloads.some((d) => d.status === 'downloading');

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);

  const act = async (request: Promise<unknown>) => {
    try {
      await request;
      await reload();
    } catch (err) {
      onError((err as Error).message);
    }
  };
  const start = (value: string) => act(fetchJson('/api/models', sendJson('POST', { uri: value.trim() })));

  return (
    <div className="space-y-2">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (uri.trim()) void start(uri).then(() => setUri(''));
        }}
      >
        <div className="flex-1">
          <label htmlFor="model-uri" className="block text-sm font-medium">Add from the Hugging Face Hub</label>
          <input id="model-uri" value={uri} onChange={(e) => setUri(e.target.value)} placeholder="hf:owner/repo/model.Q4_K_M.gguf" className={inputClass} spellCheck={false} autoComplete="off" />
        </div>
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">Download</button>
      </form>
      {downloads.map((d) => (
        <div key={d.uri} className="text-sm">
          <div className="flex items-center gap-2">
            <span className="min-w-0 flex-1 truncate" title={d.uri}>{d.file}</span>
            <span className="text-xs text-zinc-500">
              {d.status === 'done' ? 'Downloaded and verified' : d.status === 'cancelled' ? 'Cancelled' : d.status === 'failed' ? 'Failed' : `${formatBytes(d.loaded)}${d.total ? ` of ${formatBytes(d.total)}` : ''}`}
            </span>
            {d.status === 'downloading' && (
              <button type="button" onClick={() => void act(fetchJson(`/api/models/download?uri=${encodeURIComponent(d.uri)}`, sendJson('DELETE')))} className="text-xs underline">Cancel</button>
            )}
            {(d.status === 'cancelled' || d.status === 'failed') && (
              <button type="button" onClick={() => void start(d.uri)} className="text-xs underline">Resume</button>
            )}
          </div>
          {d.status === 'downloading' && <progress aria-label={`Downloading ${d.file}`} value={d.loaded} max={d.total ?? undefined} className="w-full" />}
          {d.error && <p className="text-xs text-red-700 dark:text-red-400">{d.error}</p>}
        </div>
      ))}
    </div>
  );
}
