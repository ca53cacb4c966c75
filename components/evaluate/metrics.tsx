import type { EvaluationView } from '@/lib/evaluate/evaluations';
import type { EvaluationMetrics } from '@/lib/evaluate/score';

type MetricKey = keyof EvaluationMetrics;

/** The metrics a run reports, in reading order, with how each is shown. */
export const METRICS: { key: MetricKey; label: string; format: 'percent' | 'ms' | 'number' }[] = [
  { key: 'exactMatch', label: 'Exact match', format: 'percent' },
  { key: 'f1', label: 'Token F1', format: 'percent' },
  { key: 'answerInSources', label: 'Answer in sources', format: 'percent' },
  { key: 'citationPrecision', label: 'Citation precision', format: 'percent' },
  { key: 'refusalRate', label: 'Refusal rate', format: 'percent' },
  { key: 'recall', label: 'Recall@k', format: 'percent' },
  { key: 'ndcg', label: 'nDCG@10', format: 'number' },
  { key: 'mrr', label: 'MRR', format: 'number' },
  { key: 'firstTokenP50Ms', label: 'First token p50', format: 'ms' },
  { key: 'firstTokenP95Ms', label: 'First token p95', format: 'ms' },
  { key: 'tokensPerSecond', label: 'Tokens/s', format: 'number' },
  { key: 'unsupportedCitations', label: 'Unsupported citations', format: 'number' },
  { key: 'failed', label: 'Failed questions', format: 'number' },
];

export function formatMetric(value: number | null | undefined, format: 'percent' | 'ms' | 'number'): string {
  if (value === null || value === undefined) return '–';
  if (format === 'percent') return `${(100 * value).toFixed(1)}%`;
  if (format === 'ms') return `${Math.round(value)} ms`;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

export const SETTING_LABELS: [keyof EvaluationView['settings'], string][] = [
  ['llmProvider', 'LLM provider'],
  ['llmModel', 'Model'],
  ['embedder', 'Embedder'],
  ['topK', 'Top-k'],
  ['retrievalMode', 'Retrieval mode'],
  ['chunkTokens', 'Chunk tokens'],
  ['chunkOverlap', 'Chunk overlap'],
  ['rrfK', 'RRF k'],
  ['temperature', 'Temperature'],
  ['maxTokens', 'Max tokens'],
];

/** Metrics (only those the runs have) and settings of one or more runs, side by side. */
export function RunsTable({ runs, caption }: { runs: EvaluationView[]; caption: string }) {
  const shown = METRICS.filter((m) => runs.some((r) => r.metrics?.[m.key] !== null && r.metrics?.[m.key] !== undefined));
  const cell = 'border-b border-zinc-200 px-2 py-1 dark:border-zinc-800';
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-sm font-semibold">{caption}</caption>
      <thead>
        <tr>
          <th className={cell}>Metric</th>
          {runs.map((r) => (
            <th key={r.id} className={`${cell} font-medium`}>
              {r.name} <span className="text-xs text-zinc-500">({new Date(r.createdAt).toLocaleString()})</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((m) => (
          <tr key={m.key}>
            <th scope="row" className={`${cell} font-normal text-zinc-600 dark:text-zinc-400`}>{m.label}</th>
            {runs.map((r) => (
              <td key={r.id} className={`${cell} font-mono`}>{formatMetric(r.metrics?.[m.key], m.format)}</td>
            ))}
          </tr>
        ))}
        {SETTING_LABELS.map(([key, label]) => (
          <tr key={key} className="text-xs">
            <th scope="row" className={`${cell} font-normal text-zinc-500`}>{label}</th>
            {runs.map((r) => (
              <td key={r.id} className={`${cell} font-mono text-zinc-600 dark:text-zinc-400`}>{String(r.settings?.[key] ?? '–')}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A labelled progress bar for a run. */
export function RunProgress({ run }: { run: Pick<EvaluationView, 'status' | 'progress' | 'name'> }) {
  const label = run.status === 'queued' ? 'Queued' : run.status === 'processing' ? 'Running' : run.status === 'done' ? 'Done' : 'Failed';
  return (
    <div className="flex items-center gap-2 text-xs">
      <progress aria-label={`Progress of ${run.name}`} value={run.progress} max={1} className="h-2 w-32" />
      <span>
        {label}
        {run.status === 'processing' ? ` ${Math.round(run.progress * 100)}%` : ''}
      </span>
    </div>
  );
}
