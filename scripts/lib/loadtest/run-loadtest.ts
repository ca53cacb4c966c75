import os from 'node:os';
import { startFakeOpenAIServer } from '@/tests/helpers/fake-openai-server';
import { beirDocumentText, loadBeir } from '../eval/beir';
import { SCIFACT_DIR } from '../bench/run-bench';
import { treeRssMb, type RunningServer } from '../bench/server-process';
import { summarise, type LatencySummary } from '../bench/stats';
import { uploadTexts } from '../bench/upload';
import type { LoadtestArgs } from './args';
import { type Instances, startInstances } from './instances';
import { streamChat, type ChatStreamOutcome } from './sse';

export interface LoadtestReport {
  concurrency: number;
  instances: number;
  database: 'pglite' | 'postgres';
  /** Answers completed by each instance (clients are spread round-robin). */
  completedPerInstance: number[];
  /** os.loadavg() (1, 5, 15 min) when the load started and when it ended: timings carry it. */
  loadAverage: { start: number[]; end: number[] };
  durationSeconds: number;
  requests: number;
  completed: number;
  errors: Record<string, number>;
  ttfbMs: LatencySummary;
  ttftMs: LatencySummary;
  totalMs: LatencySummary;
  completionsPerSecond: number;
  streamedPiecesPerSecond: number;
  /** Upstream (fake model) streams that did not run to their end: should be 0. */
  upstreamCut: number;
  /** Completed on our side but the fake model did not see the request finish, or the reverse. */
  mismatched: number;
  ingest: { uploaded: number; readyAtEnd: number; readyAfterDrain: number };
  /** Peak of the instances' summed resident memory. */
  peakRssMb: number;
}

const REQUEST_TIMEOUT_MS = 120_000;
const SEED_DOCS = 10;
const ANSWER = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') + ' [1].';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const upload = (server: RunningServer, docs: { name: string; text: string }[]) => uploadTexts(server.url, docs);

async function countReady(server: RunningServer, ids: string[]): Promise<number> {
  const list = (await fetch(`${server.url}/api/documents`).then((r) => r.json())).documents as { id: string; status: string }[];
  const wanted = new Set(ids);
  return list.filter((d) => wanted.has(d.id) && d.status === 'ready').length;
}

/**
 * N clients stream chats from Docent's /v1/chat/completions for the duration while documents
 * ingest, against a fake OpenAI-compatible model; every stream is read to its end and checked.
 */
export async function runLoadtest(args: LoadtestArgs, log: (line: string) => void): Promise<LoadtestReport> {
  const data = loadBeir(SCIFACT_DIR);
  const fake = await startFakeOpenAIServer();
  fake.reply({ text: ANSWER, tokenDelayMs: args.tokenDelayMs, firstTokenDelayMs: args.firstTokenDelayMs });
  let instances: Instances | undefined;
  let server: RunningServer | undefined;
  try {
    instances = await startInstances(args.instances, args.databaseUrl, {
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'sk-loadtest',
      LLM_MODEL: 'fake-model',
      // Every client is the one owner of this fresh install; the test measures capacity, not the per-person limits.
      RATE_LIMIT_CHATS_PER_MINUTE: '1000000',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
    }, log);
    const servers = instances.servers;
    // Uploads go through the first instance; with a shared database every instance's worker ingests them.
    server = servers[0];
    const docs = data.corpus.map((d) => ({ name: `${d.id}.txt`, text: beirDocumentText(d) }));
    const seeded = await upload(server, docs.slice(0, SEED_DOCS));
    for (let i = 0; i < 600 && (await countReady(server, seeded)) < seeded.length; i++) await sleep(500);
    log(`seeded ${seeded.length} documents; ${args.concurrency} clients for ${args.durationSeconds} s while ${args.docs} more ingest`);

    const loading = await upload(server, docs.slice(SEED_DOCS, SEED_DOCS + args.docs));
    const outcomes: ChatStreamOutcome[] = [];
    const completedPerInstance = servers.map(() => 0);
    const rss: number[] = [];
    const loadAtStart = os.loadavg();
    const started = performance.now();
    const deadline = started + args.durationSeconds * 1000;
    let stopSampling = false;
    const sampler = (async () => {
      while (!stopSampling) {
        rss.push(servers.reduce((sum, s) => sum + treeRssMb(s.pid), 0));
        await sleep(500);
      }
    })();
    const client = async (n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const query = data.queries[(n * 7919 + i) % data.queries.length].text;
        const target = n % servers.length; // round-robin over the instances, as a proxy would
        const outcome = await streamChat(`${servers[target].url}/v1/chat/completions`, { messages: [{ role: 'user', content: query }], stream: true }, REQUEST_TIMEOUT_MS);
        outcomes.push(outcome);
        if (!outcome.error) completedPerInstance[target]++;
      }
    };
    await Promise.all(Array.from({ length: args.concurrency }, (_, n) => client(n)));
    const elapsed = (performance.now() - started) / 1000;
    const loadAtEnd = os.loadavg();
    const readyAtEnd = await countReady(server, loading);
    stopSampling = true;
    await sampler;

    // Every upstream stream must have been read to its end by Docent (nothing dropped).
    await Promise.all(fake.requests.map((r) => Promise.race([r.closed, sleep(5000)])));
    const upstreamCut = fake.requests.filter((r) => r.closedByClient || r.finishedAt === undefined).length;
    for (let i = 0; i < 600 && (await countReady(server, loading)) < loading.length; i++) await sleep(500);
    const readyAfterDrain = await countReady(server, loading);

    const ok = outcomes.filter((o) => !o.error);
    const errors: Record<string, number> = {};
    for (const o of outcomes) if (o.error) errors[o.error] = (errors[o.error] ?? 0) + 1;
    const pick = (key: 'ttfbMs' | 'ttftMs' | 'totalMs') => ok.map((o) => o[key]).filter((v): v is number => v !== null);
    return {
      concurrency: args.concurrency,
      instances: servers.length,
      database: args.databaseUrl ? 'postgres' : 'pglite',
      completedPerInstance,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      durationSeconds: elapsed,
      requests: outcomes.length,
      completed: ok.length,
      errors,
      ttfbMs: summarise(pick('ttfbMs')),
      ttftMs: summarise(pick('ttftMs')),
      totalMs: summarise(pick('totalMs')),
      completionsPerSecond: ok.length / elapsed,
      streamedPiecesPerSecond: ok.reduce((sum, o) => sum + o.contentPieces, 0) / elapsed,
      upstreamCut,
      mismatched: Math.abs(fake.requests.filter((r) => r.finishedAt !== undefined).length - ok.length),
      ingest: { uploaded: loading.length, readyAtEnd, readyAfterDrain },
      peakRssMb: Math.max(0, ...rss),
    };
  } catch (err) {
    if (server) log(`server output (tail):\n${server.output().slice(-2000)}`);
    throw err;
  } finally {
    await instances?.stop();
    await fake.close();
  }
}
