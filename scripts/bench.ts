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

async function main(): Promise<number> {
  const args = argsOrExitCode('bench', BENCH_USAGE, parseBenchArgs);
  if (typeof args === 'number') return args;
  process.env.MODELS_DIR ??= path.join(REPO_ROOT, 'data/models');
  const report = await runBench(args.quick ? PLANS.quick : PLANS.full, args.parts, args.quick, (line) => console.error(`[bench] ${line}`));
  if (args.out) {
    const argv = process.argv.slice(2);
    const command = argv.length ? `npm run bench -- ${argv.join(' ')}` : 'npm run bench';
    writeBenchMarkdown(path.resolve(REPO_ROOT, args.out), benchMarkdown(report, command));
    console.error(`[bench] wrote ${args.out}`);
  }
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
