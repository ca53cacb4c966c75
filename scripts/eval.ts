/**
 * npm run eval -- --dataset <dir> [--split train|test] [--mode hybrid|vector|keyword|all] …
 * Retrieval quality on a BEIR dataset through Docent's own ingestion and search, or with
 * --answers answer quality on a SQuAD/HotpotQA set (see --help).
 */
import { describeError } from '@/lib/errors';
import { argsOrExitCode } from './lib/cli-args';
import { EVAL_USAGE, parseEvalArgs } from './lib/eval/args';
import { loadBeir, sliceBeir } from './lib/eval/beir';
import { formatEvalReport } from './lib/eval/format';
import { runEval } from './lib/eval/run-eval';
import { loadQaDataset, sampleQuestions } from './lib/eval/qa-dataset';
import { formatAnswerReport, runAnswerEval } from './lib/eval/run-answers';
import { REPO_ROOT } from './lib/bench/server-process';
import { commandLine, startRunStamp, writeResultFile } from './lib/result-file';

async function main(): Promise<number> {
  const args = argsOrExitCode('eval', EVAL_USAGE, parseEvalArgs);
  if (typeof args === 'number') return args;
  // Progress goes to stderr so that --json leaves exactly one object on stdout.
  const log = (line: string) => console.error(`[eval] ${line}`);
  const stamp = startRunStamp(REPO_ROOT, commandLine('eval'));
  // --json results are also kept under docs/results/, stamped with the commit, for the docs to quote.
  const emit = (report: object, text: () => string) => {
    if (!args.json) return console.log(text());
    log(`wrote ${writeResultFile(REPO_ROOT, args.answers ? 'eval-answers' : 'eval', stamp.finish(), report)}`);
    console.log(JSON.stringify(report));
  };
  if (args.answers) {
    const data = loadQaDataset(args.dataset);
    const report = await runAnswerEval({ data, questions: sampleQuestions(data.questions, args.answers.limit), ...args.answers, log });
    emit(report, () => formatAnswerReport(report));
    return 0;
  }
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
    efSearch: args.efSearch,
    chatDepth: args.chatDepth,
    dataDir: args.dataDir,
    log,
  });
  // Which qrels judged the run: defaults are tuned on train and reported on test.
  emit({ ...report, split: args.split }, () => `split: ${args.split}\n${formatEvalReport(report)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`eval: ${describeError(err)}`);
    process.exit(1);
  },
);
