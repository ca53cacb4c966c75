import type { EvalReport, ModeReport } from './run-eval';

const LABELS: Record<string, string> = { ndcg: 'nDCG', recall: 'recall', mrr: 'MRR' };

function headerOf(key: string): string {
  const [name, cut] = key.split('@');
  return cut ? `${LABELS[name] ?? name}@${cut}` : key;
}

function row(label: string, report: ModeReport, keys: string[]): string {
  const cells = keys.map((key) => report[key].toFixed(4).padStart(headerOf(key).length));
  const short = report.shortQueries ? `  (${report.shortQueries} queries with < 100 docs)` : '';
  return `${label.padEnd(12)}${cells.join('  ')}  ${report.msPerQuery.toFixed(1).padStart(8)}${short}`;
}

/** The human-readable eval report: one line per mode, metrics to four places. */
export function formatEvalReport(report: EvalReport): string {
  const entries = Object.entries(report.modes) as [string, ModeReport][];
  if (entries.length === 0) return 'no modes were evaluated';
  const keys = Object.keys(entries[0][1]).filter((key) => key.includes('@'));
  const s = report.settings;
  const lines = [
    `${report.dataset}: ${report.documents} documents, ${report.queries} judged ${report.split} queries; profile ${report.profile}` +
      (report.profile === 'docent' ? ` (chunks ${s.chunkTokens}/${s.chunkOverlap} tokens)` : ' (one chunk per document)'),
    `${report.embedder.model} (reads ${report.embedder.maxTokens} tokens) on ${report.database}; rrfK ${s.rrfK}, efSearch ${s.efSearch}`,
    ...(report.chatDepth ? [`chat depth: ${report.chatDepth} chunks per query (what a chat with topK ${report.chatDepth} retrieves)`] : []),
    `${report.chunks} chunks ingested in ${report.ingestSeconds.toFixed(1)} s${report.reused ? ' (by an earlier run; reused)' : ''}` +
      (report.failed.length ? `; ${report.failed.length} documents failed (first: ${report.failed[0].id}: ${report.failed[0].reason})` : ''),
    '',
    `${'mode'.padEnd(12)}${keys.map(headerOf).join('  ')}  ${'ms/query'.padStart(8)}`,
    ...entries.map(([mode, r]) => row(mode, r, keys)),
  ];
  if (report.rrfSweep) {
    lines.push('', 'hybrid by RRF constant:');
    for (const [rrfK, r] of Object.entries(report.rrfSweep)) lines.push(row(`rrfK=${rrfK}`, r, keys));
  }
  if (report.candidateSweep) {
    lines.push('', 'hybrid by candidates per retriever (× k):');
    for (const [factor, r] of Object.entries(report.candidateSweep)) lines.push(row(`${factor} × k`, r, keys));
  }
  if (report.efSweep) {
    lines.push('', 'by efSearch (hyb = hybrid, vec = vector):');
    for (const [ef, byMode] of Object.entries(report.efSweep)) {
      for (const [mode, r] of Object.entries(byMode)) if (r) lines.push(row(`ef=${ef} ${mode.slice(0, 3)}`, r, keys));
    }
  }
  return lines.join('\n');
}
