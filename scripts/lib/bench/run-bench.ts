import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getEmbedder } from '@/lib/embeddings';
import { describeError } from '@/lib/errors';
import { defaultSettings } from '@/lib/settings';
import { loadBeir, beirDocumentText } from '../eval/beir';
import { postgresBaseUrl, type DatabaseChoice } from '../scratch-database';
import type { BenchPart } from './args';
import { measureChatFigures, type ChatFigures } from './chat-figures';
import { measureIngestRatio, type IngestRatio } from './ingest-ratio';
import { cachedEmbeddings, loadRealCorpus } from './real-corpus';
import { benchRealRecall, type RealRecallCase } from './real-recall';
import { benchSearch, type SearchSizeResult } from './search-bench';
import { measureServerRss, type RssResult } from './server-rss';
import { REPO_ROOT } from './server-process';
import { seededRandom, vectorNear, wordSampler } from './synthetic';

export interface BenchPlan {
  ingestDocs: number;
  ingestRepeats: number;
  /** Batch sizes to time Docent's embedder at, on the PGlite run's texts. */
  batchSizes: number[];
  /** Search fixture sizes per database; PGlite takes `postgres`'s sizes when there is no PostgreSQL. */
  sizes: Record<DatabaseChoice, number[]>;
  queries: number;
  warmUp: number;
  efValues: number[];
  centres: number;
  wordsPerChunk: number;
  rssDocs: number;
  chatArgs: string[];
  firstTokenArgs: string[];
  /** Real-text recall: chunks and queries used (null: all of them). */
  realChunks: number | null;
  realQueries: number | null;
}

export const PLANS: Record<'full' | 'quick', BenchPlan> = {
  full: {
    ingestDocs: 60,
    ingestRepeats: 3,
    batchSizes: [1, 4, 8, 32, 64],
    // Loading 100k chunks into PGlite (single-threaded WASM) and building its HNSW index takes
    // over 15 minutes on a shared 2-core machine, so 100k runs on PostgreSQL when there is one.
    sizes: { pglite: [10_000], postgres: [10_000, 100_000] },
    queries: 100,
    warmUp: 10,
    efValues: [10, 20, 40, 64, 100, 200, 300, 400],
    centres: 500,
    wordsPerChunk: 150,
    rssDocs: 60,
    chatArgs: ['--docs', '1000', '--queries', '20', '--reps', '3', '--data-dir', '.cache/bench/chat'],
    firstTokenArgs: ['--questions', '30'],
    realChunks: null,
    realQueries: null,
  },
  quick: {
    ingestDocs: 12,
    ingestRepeats: 1,
    batchSizes: [],
    sizes: { pglite: [1_000, 3_000], postgres: [1_000, 3_000] },
    queries: 20,
    warmUp: 3,
    efValues: [10, 40, 100],
    centres: 100,
    wordsPerChunk: 150,
    rssDocs: 8,
    chatArgs: ['--docs', '40', '--queries', '5', '--reps', '1', '--max-tokens', '32', '--data-dir', '.cache/bench/chat-quick'],
    firstTokenArgs: ['--questions', '5'],
    realChunks: 2_000,
    realQueries: 40,
  },
};

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

export interface BenchReport {
  machine: Machine;
  quick: boolean;
  ingestRatio: number | null;
  hnswRecallAt10: number | null;
  searchP50Ms: number | null;
  /** Where searchP50Ms and hnswRecallAt10 were measured. */
  headlineSearch: { database: DatabaseChoice; chunks: number } | null;
  firstTokenOverheadP50Ms: number | null;
  localGenerationRatio: number | null;
  rssIdleMb: number | null;
  rssLoadPeakMb: number | null;
  efSearch: number;
  ingest: IngestRatio[];
  search: SearchSizeResult[];
  /** HNSW against exact kNN on real MiniLM embeddings of SciFact + HotpotQA, unfiltered and 1% filter. */
  real: { chunks: number; sources: { name: string; documents: number; chunks: number; queries: number }[]; cases: RealRecallCase[] } | null;
  rss: RssResult | null;
  chat: ChatFigures | null;
  durationSeconds: number;
  /** Parts that failed, with the reason. */
  errors: Partial<Record<BenchPart, string>>;
}

export const DATASETS_DIR = path.resolve(REPO_ROOT, '../shared/datasets');
export const SCIFACT_DIR = path.join(DATASETS_DIR, 'retrieval/scifact');
/** Real chunks' vectors, kept between runs (embedding ~11k chunks takes ~10 minutes here). */
const REAL_VECTORS_DIR = path.join(REPO_ROOT, '.cache/bench/real-vectors');

export function describeMachine(): Machine {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model,
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverageStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Runs the selected parts in order; each figure is measured beside its peer in the same run. */
export async function runBench(plan: BenchPlan, parts: BenchPart[], quick: boolean, log: (line: string) => void): Promise<BenchReport> {
  const started = performance.now();
  const machine = describeMachine();
  const data = loadBeir(SCIFACT_DIR);
  const databases: DatabaseChoice[] = postgresBaseUrl() ? ['pglite', 'postgres'] : ['pglite'];
  const efSearch = defaultSettings.efSearch;

  // A part that fails is reported and the others still run, so one fault does not lose the run.
  const errors: Partial<Record<BenchPart, string>> = {};
  const attempt = async (part: BenchPart, run: () => Promise<void>) => {
    if (!parts.includes(part)) return;
    try {
      await run();
    } catch (err) {
      errors[part] = describeError(err);
      log(`${part} failed: ${errors[part]}`);
    }
  };

  const ingest: IngestRatio[] = [];
  await attempt('ingest', async () => {
    const docs = data.corpus.slice(0, plan.ingestDocs).map((d) => ({ id: d.id, text: beirDocumentText(d) }));
    for (const db of databases) {
      log(`ingestion vs raw model, ${db}: ${docs.length} SciFact abstracts × ${plan.ingestRepeats}`);
      ingest.push(await measureIngestRatio(db, docs, plan.ingestRepeats, log, db === 'pglite' ? plan.batchSizes : []));
    }
  });

  const search: SearchSizeResult[] = [];
  await attempt('search', async () => {
    const embedder = await getEmbedder();
    const random = seededRandom(20_251_126);
    // Centres are real MiniLM embeddings of SciFact titles; see synthetic.ts for why.
    const centres = await embedder.embedDocuments(data.corpus.slice(0, plan.centres).map((d) => d.title));
    const words = wordSampler(data.corpus.map((d) => d.text), random);
    const source = { text: () => words(plan.wordsPerChunk), vector: () => vectorNear(centres, 0.05, random) };
    const queries = data.queries.slice(0, plan.queries).map((q) => q.text);
    for (const db of databases) {
      const sizes = databases.includes('postgres') ? plan.sizes[db] : plan.sizes.postgres;
      log(`search latency and HNSW recall, ${db}: ${sizes.join(', ')} synthetic chunks`);
      search.push(...(await benchSearch({ database: db, sizes, source, embedder, queries, efValues: plan.efValues, warmUp: plan.warmUp, log })));
    }
  });

  let real = null as BenchReport['real'];
  await attempt('real', async () => {
    const embedder = await getEmbedder();
    const corpus = loadRealCorpus(DATASETS_DIR, embedder);
    const chunks = corpus.chunks.slice(0, plan.realChunks ?? undefined);
    const queries = corpus.queries.slice(0, plan.realQueries ?? undefined);
    log(`HNSW on real embeddings: ${chunks.length} chunks (${corpus.sources.map((s) => `${s.name} ${s.chunks}`).join(', ')}), ${queries.length} real queries`);
    const vectors = await cachedEmbeddings(REAL_VECTORS_DIR, embedder, corpus.chunks.map((c) => c.text), 'documents', log, chunks.length);
    const queryVectors = await cachedEmbeddings(REAL_VECTORS_DIR, embedder, corpus.queries, 'queries', log, queries.length);
    const cases: RealRecallCase[] = [];
    for (const database of databases) {
      const result = await benchRealRecall({ database, embedder, chunks, vectors, queries, queryVectors, filterShare: 0.01, log });
      cases.push(...result.cases);
    }
    // What was measured: a --real-chunks prefix may hold only part of a source, or none of it.
    const sources = corpus.sources.map((s) => {
      const kept = chunks.filter((c) => c.document.startsWith(`${s.name}:`));
      return { ...s, documents: new Set(kept.map((c) => c.document)).size, chunks: kept.length };
    });
    real = { chunks: chunks.length, sources, cases };
  });

  let rss = null as RssResult | null;
  await attempt('rss', async () => {
    log(`server RSS: next start, idle, then ${plan.rssDocs} uploads with concurrent searches`);
    rss = await measureServerRss(
      data.corpus.slice(0, plan.rssDocs).map((d) => ({ name: `${d.id}.txt`, text: beirDocumentText(d) })),
      log,
    );
  });

  let chat = null as ChatFigures | null;
  await attempt('chat', async () => {
    log(`chat: scripts/bench-chat.ts ${plan.chatArgs.join(' ')}`);
    chat = await measureChatFigures(plan.chatArgs, log, plan.firstTokenArgs);
    if (chat.reason) log(`  chat figures unavailable: ${chat.reason}`);
  });

  // The headline figures are at the largest size measured, PGlite first when sizes tie.
  const headline = [...search].sort((a, b) => b.chunks - a.chunks || (a.database === 'pglite' ? -1 : 1))[0];
  machine.loadAverageEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  return {
    machine,
    quick,
    ingestRatio: ingest.find((i) => i.database === 'pglite')?.ratio ?? null,
    hnswRecallAt10: headline?.recall.find((r) => r.efSearch === efSearch)?.recallAt10 ?? null,
    searchP50Ms: headline?.latencyMs.hybrid.p50 ?? null,
    headlineSearch: headline ? { database: headline.database, chunks: headline.chunks } : null,
    firstTokenOverheadP50Ms: chat?.firstTokenOverheadP50Ms ?? null,
    localGenerationRatio: chat?.localGenerationRatio ?? null,
    rssIdleMb: rss?.idleMb ?? null,
    rssLoadPeakMb: rss?.loadPeakMb ?? null,
    efSearch,
    ingest,
    search,
    real,
    rss,
    chat,
    durationSeconds: (performance.now() - started) / 1000,
    errors,
  };
}
