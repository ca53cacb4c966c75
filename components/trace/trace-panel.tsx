'use client';

import { useId, useState } from 'react';
import type { AnswerTrace, TraceCandidate } from '@/lib/chat/trace-types';

/** Source numbers whose citations the check found unsupported, with the sentences, for the citation tooltips. */
export function unsupportedCitations(trace: AnswerTrace | null | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of trace?.citations.cited ?? []) {
    if (c.supported !== false) continue;
    const note = out.get(c.index) ?? 'The cited source may not support';
    out.set(c.index, `${note} “${c.sentence}”`);
  }
  return out;
}

const fmt = (x: number | null, digits = 0) => (x === null ? '–' : x.toFixed(digits));
const score = (x: number | null) => (x === null ? '–' : Math.abs(x) < 0.1 ? x.toPrecision(2) : x.toFixed(3));

interface Segment {
  label: string;
  value: number;
  color: string;
}

/** A horizontal stacked bar with a legend; each part's width is its share of `total`. */
function StackedBar({ label, segments, total, unit }: { label: string; segments: Segment[]; total: number; unit: string }) {
  const parts = segments.filter((s) => s.value > 0);
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-semibold text-zinc-600 dark:text-zinc-300">{label}</figcaption>
      <div role="img" aria-label={`${label}: ${parts.map((s) => `${s.label} ${Math.round(s.value)} ${unit}`).join(', ')}`} className="flex h-3 w-full overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800">
        {parts.map((s) => (
          <span key={s.label} className={s.color} style={{ width: `${Math.max(0.5, (100 * s.value) / Math.max(total, 1))}%` }} />
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-3 text-[11px] text-zinc-600 dark:text-zinc-400">
        {parts.map((s) => (
          <li key={s.label} className="flex items-center gap-1">
            <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-sm ${s.color}`} />
            {s.label} {Math.round(s.value)} {unit}
          </li>
        ))}
      </ul>
    </figure>
  );
}

const STATUS: Record<TraceCandidate['status'], string> = { sent: 'Sent', dropped: 'Dropped (budget)', candidate: 'Not selected' };

function SourcesTable({ trace }: { trace: AnswerTrace }) {
  const shown = trace.retrieval.candidates.filter((c) => c.status !== 'candidate' || c.fusedRank! <= trace.retrieval.k * 2);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-[11px]">
        <caption className="mb-1 text-left text-xs font-semibold text-zinc-600 dark:text-zinc-300">
          Retrieval ({trace.retrieval.mode}, top {trace.retrieval.k} of {trace.retrieval.candidates.length} candidates)
        </caption>
        <thead className="text-zinc-500">
          <tr>
            <th className="pr-2 font-medium">#</th>
            <th className="pr-2 font-medium">Document</th>
            <th className="pr-2 font-medium">Status</th>
            <th className="pr-2 font-medium">Vector rank / score</th>
            <th className="pr-2 font-medium">Keyword rank / score</th>
            <th className="pr-2 font-medium">Fused rank / score</th>
            <th className="font-medium">Tokens</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.chunkId} className={c.status === 'sent' ? '' : 'text-zinc-500'}>
              <td className="pr-2 font-mono">{c.sourceIndex ?? ''}</td>
              <td className="max-w-48 truncate pr-2" title={c.documentName}>
                {c.documentName}
                {c.page === null ? '' : `, p. ${c.page}`}
              </td>
              <td className="pr-2">{STATUS[c.status]}</td>
              <td className="pr-2 font-mono">{c.vectorRank === null ? '–' : `${c.vectorRank} / ${score(c.vectorScore)}`}</td>
              <td className="pr-2 font-mono">{c.keywordRank === null ? '–' : `${c.keywordRank} / ${score(c.keywordScore)}`}</td>
              <td className="pr-2 font-mono">{c.fusedRank === null ? '–' : `${c.fusedRank} / ${score(c.fusedScore)}`}</td>
              <td className="font-mono">{fmt(c.tokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The trace as a person reads it: warnings, sources with their ranks, the prompt budget and the timings. */
export function TraceDetails({ trace }: { trace: AnswerTrace }) {
  const { prompt: p, timings: t, model, citations } = trace;
  const used = p.system + p.history + p.sources + p.question;
  const generating = t.firstTokenMs === null ? 0 : t.totalMs - t.firstTokenMs;
  return (
    <div className="space-y-3">
      {trace.warnings.length > 0 && (
        <ul aria-label="Warnings" className="space-y-0.5 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {trace.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      <SourcesTable trace={trace} />
      <StackedBar
        label={`Prompt budget (${p.contextSize} tokens of context)`}
        unit="tokens"
        total={p.contextSize}
        segments={[
          { label: 'System', value: p.system, color: 'bg-violet-500' },
          { label: 'History', value: p.history, color: 'bg-sky-500' },
          { label: 'Sources', value: p.sources, color: 'bg-emerald-500' },
          { label: 'Question', value: p.question, color: 'bg-amber-500' },
          { label: 'Reserved for the answer', value: p.reservedForAnswer, color: 'bg-zinc-400' },
          { label: 'Unused', value: Math.max(0, p.contextSize - used - p.reservedForAnswer), color: 'bg-zinc-200 dark:bg-zinc-700' },
        ]}
      />
      <StackedBar
        label={`Timings (first token at ${fmt(t.firstTokenMs)} ms, total ${fmt(t.totalMs)} ms${t.tokensPerSecond ? `, ${fmt(t.tokensPerSecond, 1)} tokens/s` : ''})`}
        unit="ms"
        total={t.totalMs}
        segments={[
          { label: 'Model ready', value: t.modelMs, color: 'bg-zinc-400' },
          { label: 'Retrieval', value: t.retrievalMs, color: 'bg-emerald-500' },
          { label: 'Prompt', value: t.promptMs, color: 'bg-violet-500' },
          { label: 'Waiting for the model', value: t.waitForModelMs ?? 0, color: 'bg-amber-500' },
          { label: 'Generating', value: generating, color: 'bg-sky-500' },
        ]}
      />
      <p className="text-[11px] text-zinc-600 dark:text-zinc-400">
        Retrieval: query embedding {fmt(t.embedQueryMs, 1)} ms, vector search {fmt(t.vectorSearchMs, 1)} ms, keyword search {fmt(t.keywordSearchMs, 1)} ms, fusion{' '}
        {fmt(t.fusionMs, 2)} ms. Model: {model.provider} {model.id}
        {model.quantization ? ` (${model.quantization})` : ''}, temperature {model.temperature}, max {model.maxTokens} tokens.
      </p>
      {citations.cited.length > 0 && (
        <ul aria-label="Citation check" className="space-y-0.5 text-[11px]">
          {citations.cited.map((c, i) => (
            <li key={i} className={c.supported === false ? 'text-amber-800 dark:text-amber-300' : 'text-zinc-600 dark:text-zinc-400'}>
              [{c.index}] {c.supported === null ? 'not checked' : c.supported ? 'supported' : 'unsupported'}
              {c.similarity !== null && ` (similarity ${c.similarity.toFixed(2)}, word overlap ${fmt(c.overlap === null ? null : c.overlap * 100)}%)`}: {c.sentence}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The `Trace` disclosure under an answer. */
export function TraceDisclosure({ trace, label = 'Trace' }: { trace: AnswerTrace; label?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="mt-2">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
        {label}
      </button>
      {open && (
        <section id={id} aria-label="Answer trace" className="mt-1 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <TraceDetails trace={trace} />
        </section>
      )}
    </div>
  );
}
