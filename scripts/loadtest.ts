/**
 * npm run loadtest -- [--concurrency N] [--duration S] [--docs N] [--json]
 * Concurrent streaming chats against the built Docent while documents ingest (see --help).
 */
import { describeError } from '@/lib/errors';
import { UsageError } from './lib/cli-args';
import { ensureBuild } from './lib/bench/server-process';
import { LOADTEST_USAGE, parseLoadtestArgs } from './lib/loadtest/args';
import { formatLoadtestReport } from './lib/loadtest/format';
import { runLoadtest } from './lib/loadtest/run-loadtest';

async function main(): Promise<number> {
  let args;
  try {
    args = parseLoadtestArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`loadtest: ${err.message}\n\n${LOADTEST_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(LOADTEST_USAGE);
    return 0;
  }
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
