/**
 * npm run eval -- --dataset <dir> [--mode hybrid|vector|keyword|all] [--profile docent|mteb] …
 * Retrieval quality on a BEIR dataset through Docent's own ingestion and search (see --help).
 */
import { describeError } from '@/lib/errors';
import { UsageError } from './lib/cli-args';
import { EVAL_USAGE, parseEvalArgs } from './lib/eval/args';
import { loadBeir, sliceBeir } from './lib/eval/beir';
import { formatEvalReport } from './lib/eval/format';
import { runEval } from './lib/eval/run-eval';

async function main(): Promise<number> {
  let args;
  try {
    args = parseEvalArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`eval: ${err.message}\n\n${EVAL_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(EVAL_USAGE);
    return 0;
  }
  const data = sliceBeir(loadBeir(args.dataset), { queryCount: args.limitQueries, docCount: args.limitDocs });
  const report = await runEval({
    data,
    modes: args.modes,
    profile: args.profile,
    k: args.k,
    database: args.database,
    chunkTokens: args.chunkTokens,
    chunkOverlap: args.chunkOverlap,
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
