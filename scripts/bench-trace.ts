/**
 * npm run bench:trace — what tracing adds to an answer's time to first token.
 *
 * Before the first token the trace does three things: five clock reads (TraceRecorder.mark),
 * noting each retriever's list (SearchExplain), and fusing every candidate instead of only the
 * top k. Everything else (ranks, budget, citations, the check) happens after the stream ends.
 * This runs the same hybrid searches over HotpotQA passages with and without `explain`,
 * interleaved so load on the machine hits both alike, and reports the p50 of each and of the
 * per-query difference. Usage: npm run bench:trace -- [--queries n] [--json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TraceRecorder } from '@/lib/chat/trace';
import { env, resetEnvCache } from '@/lib/env';
import { quantile } from '@/lib/evaluate/answer-metrics';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { fuseByReciprocalRank } from '@/lib/search/fuse';
import { searchChunks, type SearchExplain } from '@/lib/search/search';
import { loadSettings } from '@/lib/settings';
import { ingestCorpus } from './lib/eval/ingest-corpus';
import { loadQaDataset } from './lib/eval/qa-dataset';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } } });
const QUERIES = Number(values.queries);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-trace-'));
  process.env.MODELS_DIR = env().MODELS_DIR;
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  resetEnvCache();
  try {
    const data = loadQaDataset(path.resolve('../shared/datasets/qa/hotpotqa-sample'));
    const db = await getDatabase();
    const embedding = await getEmbeddingContext();
    const settings = await loadSettings(db);
    const asked = data.questions.slice(0, QUERIES);
    // The questions' own contexts (gold passages and distractors): every search has its answer in there.
    const titles = new Set(asked.flatMap((q) => q.contextTitles));
    const docs = [...titles].map((title) => ({ id: title.replace(/[/\\]/g, '-'), text: data.passages.get(title)! }));
    console.error(`[bench:trace] ingesting ${docs.length} passages`);
    await ingestCorpus(db, embedding, docs, { collection: 'bench', chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: 8 });

    const questions = asked.map((q) => q.question);
    const plain: number[] = [];
    const traced: number[] = [];
    const search = async (query: string, withTrace: boolean) => {
      const started = performance.now();
      const recorder = withTrace ? new TraceRecorder(started) : null;
      recorder?.mark('model');
      const explain: SearchExplain | undefined = recorder?.search;
      await searchChunks(db, embedding, settings, { query, k: settings.topK, mode: 'hybrid', viewerId: null, collection: 'bench', explain });
      recorder?.mark('retrieved');
      recorder?.mark('prompted');
      recorder?.mark('firstToken');
      return performance.now() - started;
    };
    for (const q of questions.slice(0, 5)) await search(q, false); // warm-up
    for (const [i, q] of questions.entries()) {
      // Alternate which goes first, so neither always meets a warmer cache.
      if (i % 2) {
        plain.push(await search(q, false));
        traced.push(await search(q, true));
      } else {
        traced.push(await search(q, true));
        plain.push(await search(q, false));
      }
    }
    const diffs = traced.map((t, i) => t - plain[i]);
    // The added work alone, without the search around it: what the end-to-end p50s cannot
    // resolve on a loaded machine. Fusing every candidate plus five clock reads, vs fusing top k.
    const sample = new TraceRecorder();
    await searchChunks(db, embedding, settings, { query: questions[0], k: settings.topK, mode: 'hybrid', viewerId: null, collection: 'bench', explain: sample.search });
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
    const report = { queries: questions.length, passages: docs.length, p50PlainMs: r(quantile(plain, 0.5)), p50TracedMs: r(quantile(traced, 0.5)), p50DifferenceMs: r(quantile(diffs, 0.5)), addedWorkMicroseconds: r(addedMicroseconds) };
    console.log(values.json ? JSON.stringify(report) : Object.entries(report).map(([k, v]) => `${k.padEnd(18)} ${v}`).join('\n'));
  } finally {
    await shutdownRuntime();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
