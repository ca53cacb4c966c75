import { parseFlags, positiveInt, UsageError } from '../cli-args';

export const BENCH_USAGE = `Usage: npm run bench -- [--json] [--quick] [--only PARTS] [--out FILE | --no-write]

  --quick        smoke-sized run (small corpora, PGlite-sized search fixtures); writes nothing unless --out
  --only PARTS   comma list of ingest, search, real, rss, chat (default all); writes nothing unless --out
                 (real: HNSW vs exact kNN on real embeddings of SciFact + HotpotQA, vectors cached in .cache/bench)
  --real-chunks N  real: only the first N chunks (SciFact first, then HotpotQA; embedding all ~11k takes
                 ~10 min on two quiet cores, hours on a busy machine, and the cache grows in that order)
  --json         print one JSON object instead of the summary; also written to docs/results/
  --out FILE     where the Markdown report goes (default docs/benchmarks.md on a full run)
  --no-write     do not write the Markdown report
PostgreSQL figures are added when TEST_DATABASE_URL or DATABASE_URL is set.
`;

export const BENCH_PARTS = ['ingest', 'search', 'real', 'rss', 'chat'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export interface BenchArgs {
  json: boolean;
  quick: boolean;
  parts: BenchPart[];
  /** Null: do not write the report. */
  out: string | null;
  realChunks?: number;
}

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const values = parseFlags(argv, {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'real-chunks': { type: 'string' },
  });
  if (values.help) return 'help';
  const parts = values.only ? values.only.split(',').map((p) => p.trim()) : [...BENCH_PARTS];
  for (const part of parts) {
    if (!(BENCH_PARTS as readonly string[]).includes(part)) {
      throw new UsageError(`--only takes ${BENCH_PARTS.join(', ')}; "${part}" is not one of them`);
    }
  }
  if (values.out !== undefined && values['no-write']) throw new UsageError('--out and --no-write contradict each other; pick one');
  // Only a full run of every part replaces the report; a partial one would drop the other parts.
  const out = values['no-write'] ? null : (values.out ?? (values.quick || values.only ? null : 'docs/benchmarks.md'));
  return { json: values.json, quick: values.quick, parts: parts as BenchPart[], out, realChunks: positiveInt('real-chunks', values['real-chunks']) };
}
