'use client';

import type { useAnswerOptions } from './use-answer-options';

const selectClass = 'rounded-md border border-zinc-300 bg-white px-1.5 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900';

/** The chat header's `Adapter` and `Answer mode` selects. */
export function AnswerOptions({ state }: { state: ReturnType<typeof useAnswerOptions> }) {
  const adapters = (state.options?.adapters ?? []).map((f) => f.replace(/\.gguf$/i, ''));
  if (state.adapter && !adapters.includes(state.adapter)) adapters.push(state.adapter);
  const modeDefault = state.options?.defaultAnswerMode === 'quotes' ? 'quotes' : 'generate';
  return (
    <div className="flex min-w-0 flex-wrap items-center gap-2">
      <label className="flex items-center gap-1 text-xs">
        {/* On a phone the words give way to the selects; they stay their accessible names. */}
        <span className="sr-only sm:not-sr-only">Adapter</span>
        <select value={state.adapter} onChange={(e) => state.setAdapter(e.target.value)} className={selectClass} disabled={state.mode === 'quotes'}>
          <option value="">None</option>
          {adapters.map((a) => (
            <option key={a} value={a}>{a}</option>
          ))}
        </select>
      </label>
      {state.adapter && (
        <label className="flex items-center gap-1 text-xs">
          <span className="sr-only sm:not-sr-only">Strength</span>
          <input type="range" min={0} max={1} step={0.1} value={state.scale} onChange={(e) => state.setScale(Number(e.target.value))} className="w-16" />
        </label>
      )}
      <label className="flex items-center gap-1 text-xs">
        <span className="sr-only sm:not-sr-only">Answer mode</span>
        <select value={state.mode} onChange={(e) => state.setMode(e.target.value)} className={selectClass}>
          <option value="">Default ({modeDefault === 'quotes' ? 'quotes' : 'generate'})</option>
          <option value="generate">Generate</option>
          <option value="quotes">Quotes</option>
        </select>
      </label>
    </div>
  );
}

/** Under the composer when the active model is tiny: say so, and where to choose a better one. */
export function TinyModelNote({ model }: { model: string | null | undefined }) {
  if (!model) return null;
  return (
    <p className="mx-auto w-full max-w-3xl px-4 pt-2 text-xs text-zinc-500">
      {model} is a tiny model, for trying Docent out: its answers are rough. An admin can choose a larger one in the <a href="/admin#models" className="underline">model library</a>, or switch this chat to Quotes.
    </p>
  );
}
