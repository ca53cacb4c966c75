import { getEvaluationJob } from '@/db/queries/evaluations';
import { createEvaluation } from '@/lib/evaluate/evaluations';
import { startEvaluation } from '@/lib/evaluate/start';
import type { ChatHarness, TimedRequest } from './chat-harness';
import { COLLECTION } from './chat-harness';
import { median, percentile } from './stats';

const round = (x: number) => Math.round(x * 10) / 10;
const p50 = (xs: (number | null | undefined)[]) => {
  const known = xs.filter((x): x is number => typeof x === 'number');
  return known.length ? round(median(known)) : null;
};

export interface FirstTokenFigures {
  requests: number;
  /** Server side, from the request's arrival at the HTTP server. */
  firstTokenP50Ms: number;
  firstTokenP95Ms: number;
  firstByteP50Ms: number;
  /** fetch() → first answer token on the client, loopback included. */
  clientFirstTokenP50Ms: number;
  /** p50 of each step, from the traces Docent stored (its clock starts in the route, after authentication). */
  breakdown: {
    /** Arrival → the route's clock: HTTP parsing and the API key lookup (server first token − the trace's first token). */
    httpAndAuthMs: number | null;
    modelMs: number | null;
    embedQueryMs: number | null;
    vectorSearchMs: number | null;
    keywordSearchMs: number | null;
    retrievalMs: number | null;
    promptMs: number | null;
    waitForModelMs: number | null;
    traceFirstTokenMs: number | null;
  };
}

/** Times `questions` one after another (after `warmUp` untimed ones). */
export async function timeChats(harness: ChatHarness, questions: string[], warmUp = 3): Promise<TimedRequest[]> {
  for (const q of questions.slice(0, warmUp)) await harness.ask(q);
  const out: TimedRequest[] = [];
  for (const q of questions) out.push(await harness.ask(q));
  return out;
}

export function firstTokenFigures(timed: TimedRequest[]): FirstTokenFigures {
  const t = timed.map((r) => r.trace?.timings);
  return {
    requests: timed.length,
    firstTokenP50Ms: round(median(timed.map((r) => r.firstTokenMs))),
    firstTokenP95Ms: round(percentile(timed.map((r) => r.firstTokenMs), 95)),
    firstByteP50Ms: round(median(timed.map((r) => r.firstByteMs))),
    clientFirstTokenP50Ms: round(median(timed.map((r) => r.clientFirstTokenMs))),
    breakdown: {
      httpAndAuthMs: p50(timed.map((r) => (r.trace?.timings.firstTokenMs == null ? null : r.firstTokenMs - r.trace.timings.firstTokenMs))),
      modelMs: p50(t.map((x) => x?.modelMs)),
      embedQueryMs: p50(t.map((x) => x?.embedQueryMs)),
      vectorSearchMs: p50(t.map((x) => x?.vectorSearchMs)),
      keywordSearchMs: p50(t.map((x) => x?.keywordSearchMs)),
      retrievalMs: p50(t.map((x) => x?.retrievalMs)),
      promptMs: p50(t.map((x) => x?.promptMs)),
      waitForModelMs: p50(t.map((x) => x?.waitForModelMs)),
      traceFirstTokenMs: p50(t.map((x) => x?.firstTokenMs)),
    },
  };
}

export interface DuringEvaluation {
  evaluationQuestions: number;
  /** Chat requests timed before the run, while it ran, and after it finished. */
  idleBefore: FirstTokenFigures;
  during: FirstTokenFigures;
  idleAfter: FirstTokenFigures;
  /** p50 during ÷ p50 of idle (before and after pooled); goal ≤ 2. */
  ratio: number;
  /** Share of the run's questions answered by the time the last timed chat finished. */
  progressAtEnd: number;
}

/**
 * Chat's time to first token while an evaluation runs: an `answers` run of `evaluationQuestions`
 * questions (the same HotpotQA set, expected answers included) is queued on this process's job
 * runner exactly as POST /api/evaluations does, and chat requests are timed back to back while
 * it runs, against the same requests before it starts and after it ends.
 */
export async function timeChatsDuringEvaluation(harness: ChatHarness, chatQuestions: string[], evaluationQuestions: number, log: (line: string) => void): Promise<DuringEvaluation> {
  const idleBefore = await timeChats(harness, chatQuestions);
  const set = Array.from({ length: evaluationQuestions }, (_, i) => harness.questions[i % harness.questions.length]);
  const jsonl = set.map((q) => JSON.stringify({ question: q.question, expected_answer: q.answers[0] })).join('\n');
  const { id } = await createEvaluation(harness.db, harness.admin, { fileName: 'bench.jsonl', content: Buffer.from(jsonl) }, COLLECTION);
  startEvaluation();
  const status = async () => (await getEvaluationJob(harness.db, id))!;
  while ((await status()).status === 'queued') await new Promise((r) => setTimeout(r, 20));
  log(`evaluation ${id} running (${evaluationQuestions} questions); timing chats`);
  const during: TimedRequest[] = [];
  // Only requests that both start and end while the run is running count as "during".
  for (let i = 0; ; i++) {
    const timed = await harness.ask(chatQuestions[i % chatQuestions.length]);
    const run = await status();
    if (run.status !== 'processing') break;
    during.push(timed);
    if (during.length >= chatQuestions.length * 3) break;
  }
  const progressAtEnd = (await status()).progress;
  while (!['done', 'failed'].includes((await status()).status)) await new Promise((r) => setTimeout(r, 100));
  const finished = await status();
  if (finished.status !== 'done') throw new Error(`the evaluation run ended ${finished.status}: ${finished.error}`);
  const idleAfter = await timeChats(harness, chatQuestions, 0);
  const idle = median([...idleBefore, ...idleAfter].map((r) => r.firstTokenMs));
  if (during.length < 5) log(`only ${during.length} chats finished while the run ran; raise --eval-questions`);
  return {
    evaluationQuestions,
    idleBefore: firstTokenFigures(idleBefore),
    during: firstTokenFigures(during),
    idleAfter: firstTokenFigures(idleAfter),
    ratio: Math.round((median(during.map((r) => r.firstTokenMs)) / idle) * 100) / 100,
    progressAtEnd,
  };
}
