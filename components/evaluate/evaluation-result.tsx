'use client';

import { useEffect, useState } from 'react';
import type { EvaluationDetail } from '@/lib/evaluate/evaluations';
import { fetchJson } from '../api-client';
import { TraceDisclosure } from '../trace/trace-panel';
import { formatMetric, RunProgress, RunsTable } from './metrics';

/** One run: progress while it goes, then its metrics, settings and a row per question with its trace. */
export function EvaluationResult({ id }: { id: string }) {
  const [run, setRun] = useState<EvaluationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const load = () =>
      fetchJson<EvaluationDetail>(`/api/evaluations/${id}`).then(
        (body) => {
          if (!live) return;
          setRun(body);
          if (body.status === 'queued' || body.status === 'processing') timer = setTimeout(load, 1000);
        },
        (err) => live && setError(err.message),
      );
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);

  if (error) return <p role="alert" className="text-sm text-red-700">{error}</p>;
  if (!run) return <p className="text-sm text-zinc-500">Loading…</p>;
  const cell = 'border-b border-zinc-200 px-2 py-1 align-top dark:border-zinc-800';
  return (
    <div className="space-y-6">
      <div className="space-y-1 text-sm">
        <p>
          {run.collection} · {run.kind === 'retrieval' ? 'retrieval only' : 'answers'} · {run.questionCount} questions
        </p>
        <RunProgress run={run} />
        {run.error && <p role="alert" className="text-red-700 dark:text-red-300">{run.error}</p>}
      </div>
      {run.metrics && <RunsTable runs={[run]} caption="Metrics and settings" />}
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left font-semibold">Questions</caption>
        <thead className="text-xs text-zinc-500">
          <tr>
            <th className={cell}>Question</th>
            <th className={cell}>Answer</th>
            <th className={cell}>Expected</th>
            <th className={cell}>F1</th>
            <th className={cell}>Documents cited</th>
          </tr>
        </thead>
        <tbody>
          {run.questions.map((q) => (
            <tr key={q.ordinal}>
              <td className={`${cell} max-w-64`}>{q.question}</td>
              <td className={`${cell} max-w-96 whitespace-pre-wrap`}>
                {q.result?.error ? <span className="text-red-700">{q.result.error}</span> : (q.result?.answer ?? (q.result ? (q.result.retrievedDocuments.join(', ') || '–') : '…'))}
                {q.result?.trace && <TraceDisclosure trace={q.result.trace} />}
              </td>
              <td className={cell}>{[q.expectedAnswer, q.expectedDocuments.join('; ')].filter(Boolean).join(' · ') || '–'}</td>
              <td className={`${cell} font-mono`}>{formatMetric(q.result?.f1 ?? q.result?.recall, 'number')}</td>
              <td className={cell}>{q.result?.citedDocuments.join(', ') || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
