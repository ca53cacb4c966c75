/**
 * npm run eval -- --dataset <dir> [--mode hybrid|vector|keyword|all] [--profile docent|mteb] …
 * Retrieval quality on a BEIR dataset through Docent's own ingestion and search (see --help).
 */
import { describeError } from '@/lib/errors';
import { argsOrExitCode } from './lib/cli-args';
import { EVAL_USAGE, parseEvalArgs } from './lib/eval/args';
import { loadBeir, sliceBeir } from './lib/eval/beir';
import { formatEvalReport } from './lib/eval/format';
import { runEval } from './lib/eval/run-eval';

async function main(): Promise<number> {
  const args = argsOrExitCode('eval', EVAL_USAGE, parseEvalArgs);
  if (typeof args === 'number') return args;
  const data = sliceBeir(loadBeir(args.dataset, args.split), { queryCount: args.limitQueries, docCount: args.limitDocs });
  const report = await runEval({
    data,
    modes: args.modes,
    profile: args.profile,
    k: args.k,
    database: args.database,
    chunkTokens: args.chunkTokens,
    chunkOverlap: args.chunkOverlap,
    contextualChunks: args.contextualChunks,
    rrfK: args.rrfK,
    candidates: args.candidates,
    dataDir: args.dataDir,
    // Progress goes to stderr so that --json leaves exactly one object on stdout.
    log: (line) => console.error(`[eval] ${line}`),
  });
  console.log(args.json ? JSON.stringify(report) : formatEvalReport(report));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`eval: ${describeError(err)}`);
    process.exit(1);
  },
);
