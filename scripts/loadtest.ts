/**
 * npm run loadtest -- [--concurrency N] [--duration S] [--docs N] [--json]
 * Concurrent streaming chats against the built Docent while documents ingest (see --help).
 */
import { describeError } from '@/lib/errors';
import { argsOrExitCode } from './lib/cli-args';
import { ensureBuild } from './lib/bench/server-process';
import { LOADTEST_USAGE, parseLoadtestArgs } from './lib/loadtest/args';
import { formatLoadtestReport } from './lib/loadtest/format';
import { runLoadtest } from './lib/loadtest/run-loadtest';

async function main(): Promise<number> {
  const args = argsOrExitCode('loadtest', LOADTEST_USAGE, parseLoadtestArgs);
  if (typeof args === 'number') return args;
  const log = (line: string) => console.error(`[loadtest] ${line}`);
  ensureBuild(log);
  const report = await runLoadtest(args, log);
  console.log(args.json ? JSON.stringify(report) : formatLoadtestReport(report));
  // Dropped or cut streams fail the run, so CI or a script can rely on the exit code.
  return report.completed === report.requests && report.upstreamCut === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`loadtest: ${describeError(err)}`);
    process.exit(1);
  },
);
