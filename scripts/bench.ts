/**
 * npm run bench -- [--json] [--quick] [--only ingest,search,rss,chat] [--out FILE | --no-write]
 * Performance figures, each against its peer measured in the same run; writes docs/benchmarks.md.
 */
import path from 'node:path';
import { describeError } from '@/lib/errors';
import { argsOrExitCode } from './lib/cli-args';
import { BENCH_USAGE, parseBenchArgs } from './lib/bench/args';
import { benchMarkdown, benchSummary, writeBenchMarkdown } from './lib/bench/report';
import { PLANS, runBench } from './lib/bench/run-bench';
import { REPO_ROOT } from './lib/bench/server-process';
import { commandLine, startRunStamp, writeResultFile } from './lib/result-file';

async function main(): Promise<number> {
  const args = argsOrExitCode('bench', BENCH_USAGE, parseBenchArgs);
  if (typeof args === 'number') return args;
  process.env.MODELS_DIR ??= path.join(REPO_ROOT, 'data/models');
  const command = commandLine('bench');
  const stamp = startRunStamp(REPO_ROOT, command);
  const plan = args.quick ? PLANS.quick : PLANS.full;
  const report = await runBench(args.realChunks ? { ...plan, realChunks: args.realChunks } : plan, args.parts, args.quick, (line) => console.error(`[bench] ${line}`));
  if (args.out) {
    writeBenchMarkdown(path.resolve(REPO_ROOT, args.out), benchMarkdown(report, command));
    console.error(`[bench] wrote ${args.out}`);
  }
  // --json results are also kept under docs/results/, stamped with the commit, for the docs to quote.
  if (args.json) console.error(`[bench] wrote ${writeResultFile(REPO_ROOT, args.quick ? 'bench-quick' : 'bench', stamp.finish(), report)}`);
  console.log(args.json ? JSON.stringify(report) : benchSummary(report));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench: ${describeError(err)}`);
    process.exit(1);
  },
);
