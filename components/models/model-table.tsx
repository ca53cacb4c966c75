'use client';

import type { LibraryAdapter } from '@/lib/models/adapters';
import type { LibraryModel, ModelMemory } from '@/lib/models/library';

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function formatParameters(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${Math.round(n / 1e6)}M`;
}

export function verdictText(memory: ModelMemory | null): string {
  if (!memory) return 'Memory unknown';
  if (memory.on === 'gpu') return 'Fits on GPU';
  if (memory.on === 'cpu') return 'Fits on CPU';
  return 'Does not fit';
}

/** Needed memory against free memory, as a bar: green when it fits, red when it does not. */
function MemoryBar({ memory }: { memory: ModelMemory | null }) {
  if (!memory) return <span className="text-xs text-zinc-500">Memory unknown</span>;
  const share = memory.available > 0 ? Math.min(1, memory.required / memory.available) : 1;
  const label = `${verdictText(memory)}: needs ${formatBytes(memory.required)} of ${formatBytes(memory.available)} free`;
  return (
    <div className="min-w-40">
      <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={memory.available} aria-valuenow={Math.min(memory.required, memory.available)} className="h-2 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
        <div className={`h-full ${memory.fits ? 'bg-emerald-500' : 'bg-red-500'}`} style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <p className="mt-1 text-xs">
        <span className={memory.fits ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>{verdictText(memory)}</span>
        <span className="text-zinc-500"> · {formatBytes(memory.required)} of {formatBytes(memory.available)} free</span>
      </p>
    </div>
  );
}

interface FamilyProps {
  family: string;
  models: LibraryModel[];
  busy: boolean;
  onActivate(file: string): void;
  onTry(file: string): void;
  /** `Try it` results (or "Trying…") by file. */
  trials: Record<string, string>;
}

/** One model's quantizations side by side: size, memory, and which one is in use. */
export function ModelFamily({ family, models, busy, onActivate, onTry, trials }: FamilyProps) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="px-3 pt-2 text-left text-sm font-semibold">
          {family}
          {models[0]?.tiny && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-normal text-amber-900 dark:bg-amber-950 dark:text-amber-100">for trying Docent out</span>}
        </caption>
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className="px-3 py-1 font-medium">File</th>
            <th className="px-3 py-1 font-medium">Quantization</th>
            <th className="px-3 py-1 font-medium">Size</th>
            <th className="px-3 py-1 font-medium">Memory</th>
            <th className="px-3 py-1 font-medium"><span className="sr-only">Use</span></th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.file} className="border-t border-zinc-100 align-top dark:border-zinc-900">
              <td className="px-3 py-2">
                <span className="break-all">{m.file}</span>
                <p className="text-xs text-zinc-500">
                  {m.architecture} · {formatParameters(m.parameters)} parameters · {m.contextLength ? `${m.contextLength.toLocaleString('en')} tokens` : 'context unknown'}
                  {m.chatTemplate ? '' : ' · no chat template'}
                </p>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{m.quantization}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatBytes(m.bytes)}</td>
              <td className="px-3 py-2"><MemoryBar memory={m.memory} /></td>
              <td className="px-3 py-2 text-right">
                <button type="button" disabled={busy || !m.memory?.fits} onClick={() => onTry(m.file)} aria-label={`Try ${m.file}`} className="mb-1 rounded-md border border-zinc-300 px-2 py-1 text-xs disabled:opacity-50 dark:border-zinc-700">
                  Try it
                </button>
                {trials[m.file] && <p className="text-xs text-zinc-500" role="status">{trials[m.file]}</p>}
                <br />
                {m.active ? (
                  <span className="text-xs font-semibold text-emerald-700 dark:text-emerald-400">Active</span>
                ) : (
                  <button type="button" disabled={busy} onClick={() => onActivate(m.file)} aria-label={`Make ${m.file} active`} className="rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-900">
                    Make active
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AdapterList({ adapters }: { adapters: LibraryAdapter[] }) {
  if (adapters.length === 0) return <p className="text-sm text-zinc-500">No LoRA adapters yet: put GGUF adapters in MODELS_DIR/loras, or upload one above.</p>;
  return (
    <ul className="space-y-1 text-sm" aria-label="Adapters">
      {adapters.map((a) => (
        <li key={a.file}>
          <span className="font-medium break-all">{a.file}</span>
          <span className="text-zinc-500"> · {a.architecture}{a.rank ? ` · rank ${a.rank}` : ''} · {a.tensors} tensors · {formatBytes(a.bytes)}</span>
          {a.compatible ? <span className="ml-1 text-emerald-700 dark:text-emerald-400">· fits the active model</span> : <p className="text-xs text-red-700 dark:text-red-400">{a.reason}</p>}
        </li>
      ))}
    </ul>
  );
}
