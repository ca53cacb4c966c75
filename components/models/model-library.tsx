'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ModelLibrary } from '@/lib/models/model-admin';
import type { TryResult } from '@/lib/models/try-model';
import { apiError, fetchJson, sendJson } from '../api-client';
import { ModelDownloads } from './model-downloads';
import { AdapterList, ModelFamily } from './model-table';

/** Tells the settings form the chat model changed here, so it does not save the old one back. */
export const MODEL_CHANGED_EVENT = 'docent:model-changed';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Uploads with progress (fetch cannot report upload progress); resolves with the server's JSON. */
function uploadWithProgress(file: File, onProgress: (fraction: number) => void): Promise<{ kind: string; file: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/models');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(JSON.parse(xhr.responseText));
      reject(await apiError(new Response(xhr.responseText, { status: xhr.status })));
    };
    xhr.onerror = () => reject(new Error('The upload was interrupted; check the connection and try again.'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Settings → Models: every local model with its quantization and memory fit, the adapters, and adding one. */
export function ModelLibrarySection() {
  const [library, setLibrary] = useState<ModelLibrary | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [trials, setTrials] = useState<Record<string, string>>({});

  const load = useCallback(() => fetchJson<ModelLibrary>('/api/models').then(setLibrary, (err: Error) => setNotice({ kind: 'error', text: err.message })), []);
  useEffect(() => void load(), [load]);

  const activate = async (file: string) => {
    setBusy(true);
    setNotice(null);
    try {
      await fetchJson('/api/models/active', sendJson('PUT', { file }));
      setNotice({ kind: 'ok', text: `${file} is now the chat model. Answers already running finish on the previous one.` });
      window.dispatchEvent(new Event(MODEL_CHANGED_EVENT));
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const tryIt = async (file: string) => {
    setBusy(true);
    setTrials((t) => ({ ...t, [file]: 'Trying…' }));
    try {
      const r = await fetchJson<TryResult>('/api/models/try', sendJson('POST', { file }));
      setTrials((t) => ({ ...t, [file]: `prefill ${r.prefillTokensPerSecond.toFixed(0)} tok/s · generation ${r.generationTokensPerSecond.toFixed(1)} tok/s` }));
    } catch (err) {
      setTrials((t) => ({ ...t, [file]: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    setBusy(true);
    setNotice(null);
    setProgress(0);
    try {
      const added = await uploadWithProgress(file, setProgress);
      setNotice({ kind: 'ok', text: added.kind === 'adapter' ? `Adapter ${added.file} added.` : `Model ${added.file} added; make it active to use it.` });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const families = new Map<string, ModelLibrary['models']>();
  for (const m of library?.models ?? []) families.set(m.family, [...(families.get(m.family) ?? []), m]);

  return (
    <section id="models" aria-labelledby="models-heading" className="space-y-4 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="models-heading" className="text-sm font-semibold">Models</h2>
      {library?.provider === 'openai' && <p className="text-sm text-zinc-600 dark:text-zinc-400">Chat uses an OpenAI-compatible server; making a local model active switches to it.</p>}
      {!library && !notice && <p className="text-sm text-zinc-500">Reading the model files…</p>}
      {library && library.models.length === 0 && <p className="text-sm text-zinc-500">No GGUF models in MODELS_DIR yet: upload one below, or run `npm run models:fetch`.</p>}
      {[...families].map(([family, models]) => (
        <ModelFamily key={family} family={family} models={models} busy={busy} onActivate={(file) => void activate(file)} onTry={(file) => void tryIt(file)} trials={trials} />
      ))}
      {library && library.errors.length > 0 && (
        <ul className="text-xs text-red-700 dark:text-red-400">
          {library.errors.map((e) => <li key={e.file}>{e.file}: {e.error}</li>)}
        </ul>
      )}
      <div>
        <label htmlFor="model-upload" className="block text-sm font-medium">Add a model or adapter (.gguf)</label>
        <input id="model-upload" type="file" accept=".gguf" disabled={busy} onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void upload(f); }} className="mt-1 block text-sm" />
        {progress !== null && <progress aria-label="Upload progress" value={progress} max={1} className="mt-2 w-full" />}
      </div>
      {library && <ModelDownloads downloads={library.downloads} reload={load} onError={(text) => setNotice({ kind: 'error', text })} />}
      <h3 className="text-sm font-semibold">Adapters</h3>
      {library && <AdapterList adapters={library.adapters} />}
      {notice && <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`text-sm ${notice.kind === 'error' ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}>{notice.text}</p>}
    </section>
  );
}
