import os from 'node:os';
import type { LatencySummary } from '../bench/stats';
import type { LoadtestReport } from './run-loadtest';

const ms = (s: LatencySummary) => `p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms (n = ${s.n})`;

export function formatLoadtestReport(r: LoadtestReport): string {
  const errors = Object.entries(r.errors);
  return [
    `${r.concurrency} concurrent streaming chats for ${r.durationSeconds.toFixed(1)} s: ${r.requests} requests, ${r.completed} complete`,
    `instances            ${r.instances} on ${r.database === 'postgres' ? 'one PostgreSQL' : 'PGlite'}; answers per instance ${r.completedPerInstance.join(' / ')}`,
    `time to first byte   ${ms(r.ttfbMs)}`,
    `time to first token  ${ms(r.ttftMs)}`,
    `whole answer         ${ms(r.totalMs)}`,
    `throughput           ${r.completionsPerSecond.toFixed(2)} answers/s, ${r.streamedPiecesPerSecond.toFixed(0)} streamed pieces/s`,
    `errors               ${errors.length ? errors.map(([k, n]) => `${k} × ${n}`).join(', ') : 'none'}`,
    `upstream streams cut ${r.upstreamCut}; client/upstream mismatch ${r.mismatched}`,
    `ingestion            ${r.ingest.readyAtEnd}/${r.ingest.uploaded} documents ready when the load ended, ${r.ingest.readyAfterDrain} after draining`,
    `server peak RSS      ${r.peakRssMb.toFixed(0)} MB${r.instances > 1 ? ' (all instances)' : ''}`,
    `load average         ${r.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} at the start, ${r.loadAverage.end.map((x) => x.toFixed(2)).join(' ')} at the end (${os.cpus().length} CPUs)`,
  ].join('\n');
}
