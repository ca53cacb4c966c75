/**
 * npm run bench:trace — what tracing adds to an answer's time to first token.
 *
 * Before the first token the trace does three things: five clock reads (TraceRecorder.mark),
 * noting each retriever's list (SearchExplain), and fusing every candidate instead of only the
 * top k. Everything else (ranks, budget, citations, the check) happens after the stream ends.
 * This asks the same questions through startAnswer — the code behind /v1/chat/completions and
 * the chat page — with trace recording on and off (`trace: false` keeps only the clock reads),
 * alternating which goes first, over HotpotQA passages with the fake upstream answering at once;
 * the time is from the call to the first answer token. It reports the p50 of each and of the
 * per-question difference, and the added work timed alone.
 * Usage: npm run bench:trace -- [--queries n] [--json]
 */
import { parseArgs } from 'node:util';
import { startAnswer } from '@/lib/chat/answer';
import { TraceRecorder } from '@/lib/chat/trace';
import { quantile } from '@/lib/evaluate/answer-metrics';
import { fuseByReciprocalRank } from '@/lib/search/fuse';
import { searchChunks } from '@/lib/search/search';
import { loadSettings } from '@/lib/settings';
import { COLLECTION, startChatHarness } from './lib/bench/chat-harness';
import { REPO_ROOT } from './lib/bench/server-process';
import { commandLine, startRunStamp, writeResultFile } from './lib/result-file';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } } });
const QUERIES = Number(values.queries);

async function main() {
  const stamp = startRunStamp(REPO_ROOT, commandLine('bench:trace'));
  const harness = await startChatHarness(QUERIES, (line) => console.error(`[bench:trace] ${line}`));
  try {
    const { db, embedding, admin } = harness;
    const settings = await loadSettings(db);
    const questions = harness.questions.map((q) => q.question);
    const plain: number[] = [];
    const traced: number[] = [];
    /** startAnswer → first answer token, then the rest of the stream (untimed). */
    const ask = async (question: string, trace: boolean) => {
      const started = performance.now();
      const answer = await startAnswer(
        { viewerId: admin.userId, messages: [{ role: 'user', content: question }], collection: COLLECTION, store: false, trace, arrivedAt: started },
        new AbortController().signal,
      );
      let first: number | null = null;
      for await (const _piece of answer.deltas()) first ??= performance.now() - started;
      if (first === null) throw new Error('the answer streamed nothing');
      return first;
    };
    for (const q of questions.slice(0, 5)) await ask(q, false); // warm-up
    for (const [i, q] of questions.entries()) {
      // Alternate which goes first, so neither always meets a warmer cache.
      if (i % 2) {
        plain.push(await ask(q, false));
        traced.push(await ask(q, true));
      } else {
        traced.push(await ask(q, true));
        plain.push(await ask(q, false));
      }
    }
    const diffs = traced.map((t, i) => t - plain[i]);
    // The added work alone, without the search around it: what the end-to-end p50s cannot
    // resolve on a loaded machine. Fusing every candidate plus five clock reads, vs fusing top k.
    const sample = new TraceRecorder();
    await searchChunks(db, embedding, settings, { query: questions[0], k: settings.topK, mode: 'hybrid', viewerId: admin.userId, collection: COLLECTION, explain: sample.search });
    const lists = [sample.search.vector ?? [], sample.search.keyword ?? []];
    const REPS = 20_000;
    const timeIt = (traceOn: boolean) => {
      const started = performance.now();
      for (let i = 0; i < REPS; i++) {
        const recorder = traceOn ? new TraceRecorder() : null;
        for (const mark of ['model', 'retrieved', 'prompted', 'firstToken'] as const) recorder?.mark(mark);
        fuseByReciprocalRank(lists, settings.rrfK, traceOn ? Infinity : settings.topK);
      }
      return ((performance.now() - started) / REPS) * 1000;
    };
    timeIt(true);
    const addedMicroseconds = timeIt(true) - timeIt(false);
    const r = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
    const report = { queries: questions.length, passages: harness.passages, p50PlainMs: r(quantile(plain, 0.5)), p50TracedMs: r(quantile(traced, 0.5)), p50DifferenceMs: r(quantile(diffs, 0.5)), addedWorkMicroseconds: r(addedMicroseconds) };
    if (values.json) console.error(`[bench:trace] wrote ${writeResultFile(REPO_ROOT, 'bench-trace', stamp.finish(), report)}`);
    console.log(values.json ? JSON.stringify(report) : Object.entries(report).map(([k, v]) => `${k.padEnd(18)} ${v}`).join('\n'));
  } finally {
    await harness.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
