/**
 * npm run bench:first-token -- [--questions 30] [--during-eval] [--eval-questions 300] [--json]
 *
 * Docent's time to first token over real HTTP: from a chat request's arrival at the server to the
 * first answer token it writes, with the fake OpenAI-compatible upstream answering at once, an
 * admin's API key on every request and HotpotQA passages to search. The stored traces give the
 * split (authentication, model lookup, query embedding, searches, prompt, upstream). With
 * --during-eval it also times the same chats while an evaluation run (the `evaluate` job) answers
 * questions on the same process's job runner, against the same chats idle.
 */
import { describeError } from '@/lib/errors';
import { parseFlags, positiveInt } from './lib/cli-args';
import { startChatHarness } from './lib/bench/chat-harness';
import { firstTokenFigures, timeChats, timeChatsDuringEvaluation } from './lib/bench/first-token-http';
import { REPO_ROOT } from './lib/bench/server-process';
import { commandLine, startRunStamp, writeResultFile } from './lib/result-file';

async function main(): Promise<number> {
  const values = parseFlags(process.argv.slice(2), {
    questions: { type: 'string' },
    'during-eval': { type: 'boolean', default: false },
    'eval-questions': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log('Usage: npm run bench:first-token -- [--questions 30] [--during-eval] [--eval-questions 300] [--json]');
    return 0;
  }
  const questions = positiveInt('questions', values.questions, 30);
  const evalQuestions = positiveInt('eval-questions', values['eval-questions'], 300);
  const log = (line: string) => console.error(`[bench:first-token] ${line}`);
  const stamp = startRunStamp(REPO_ROOT, commandLine('bench:first-token'));
  const harness = await startChatHarness(questions, log);
  try {
    const asked = harness.questions.map((q) => q.question);
    const report = values['during-eval']
      ? { passages: harness.passages, duringEvaluation: await timeChatsDuringEvaluation(harness, asked, evalQuestions, log) }
      : { passages: harness.passages, ...firstTokenFigures(await timeChats(harness, asked)) };
    if (values.json) log(`wrote ${writeResultFile(REPO_ROOT, 'bench-first-token', stamp.finish(), report)}`);
    console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await harness.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:first-token: ${describeError(err)}`);
    process.exit(1);
  },
);
