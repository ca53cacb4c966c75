import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/db';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from '@/lib/embeddings';
import type { EmbeddingContext } from '@/lib/runtime';
import { loadSettings, type RetrievalMode, type Settings } from '@/lib/settings';
import { openScratchDatabase, type DatabaseChoice } from '../scratch-database';
import type { EvalProfile } from './args';
import { beirDocumentText, type BeirDataset } from './beir';
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import { ingestCorpus } from './ingest-corpus';
import { recallInFirstChunks, scoreRun, type RetrievalScores } from '@/lib/evaluate/retrieval-metrics';
import { runQueries } from './run-queries';

export interface EvalOptions {
  data: BeirDataset;
  modes: RetrievalMode[];
  profile: EvalProfile;
  k: number;
  database: DatabaseChoice;
  chunkTokens?: number;
  chunkOverlap?: number;
  /** Chunks embedded and keyword-indexed with their title and heading path (default true). */
  contextualChunks?: boolean;
  /** RRF constants to report for hybrid; the first is the one in `modes.hybrid`. */
  rrfK?: number[];
  /** Candidate factors (× k per retriever) to report for hybrid, at the first RRF constant. */
  candidates?: number[];
  /** Keep the ingested PGlite database here and reuse it when dataset, slice and profile match. */
  dataDir?: string;
  log?: (line: string) => void;
}

export type ModeReport = RetrievalScores & {
  msPerQuery: number;
  /** Queries scored on fewer than 100 documents because searchChunks' k limit was reached (hybrid: 250 chunks). */
  shortQueries: number;
};

export interface EvalReport {
  dataset: string;
  split: string;
  documents: number;
  queries: number;
  modes: Partial<Record<RetrievalMode, ModeReport>>;
  profile: EvalProfile;
  database: string;
  embedder: { model: string; maxTokens: number };
  chunks: number;
  ingestSeconds: number;
  settings: Pick<Settings, 'chunkTokens' | 'chunkOverlap' | 'rrfK' | 'efSearch'> & { contextualChunks: boolean };
  /** By mode: recall of relevant documents within the first k chunks (what a chat with topK = k sees), by k. */
  chunkRecall: Partial<Record<RetrievalMode, Record<string, number>>>;
  /** Hybrid at each RRF constant asked for, keyed by the constant. */
  rrfSweep?: Record<string, ModeReport>;
  /** Hybrid at each candidate factor asked for, keyed by the factor. */
  candidateSweep?: Record<string, ModeReport>;
  /** True when the database in --data-dir was reused (ingestSeconds is then the original run's). */
  reused?: boolean;
  failed: { id: string; reason: string }[];
}

const DEEP_K = 100;
const INGEST_BATCH = 32;
const CHUNK_RECALL_AT = [1, 3, 6, 10, 20];

/**
 * Ingests the dataset into a fresh database with Docent's pipeline, runs every judged query
 * through searchChunks in each mode and scores the document rankings against the qrels.
 */
export async function runEval(opts: EvalOptions): Promise<EvalReport> {
  const log = opts.log ?? (() => undefined);
  // Looked at before opening: opening creates the directory.
  const hadDatabase = !!opts.dataDir && fs.existsSync(path.join(opts.dataDir, 'pglite'));
  const { db, label, dispose } = opts.dataDir
    ? await openKeptDatabase(opts.dataDir)
    : await openScratchDatabase(opts.database, 'eval');
  try {
    const embedder = await getEmbedder();
    const embedding: EmbeddingContext = { embedder, space: await ensureEmbeddingSpace(db, embedder.model, embedder.dim) };
    const stored = await loadSettings(db);
    const settings: Settings = {
      ...stored,
      chunkTokens: Math.min(opts.chunkTokens ?? stored.chunkTokens, embedder.maxTokens),
      chunkOverlap: opts.chunkOverlap ?? stored.chunkOverlap,
      rrfK: opts.rrfK?.[0] ?? stored.rrfK,
    };
    const meta: KeptMeta = {
      dataset: opts.data.name,
      corpus: opts.data.corpus.map((d) => d.id).join(','),
      profile: opts.profile,
      model: embedder.model,
      chunkTokens: settings.chunkTokens,
      chunkOverlap: settings.chunkOverlap,
      contextualChunks: opts.contextualChunks ?? true,
    };
    const kept = opts.dataDir ? readKeptIngestion(opts.dataDir, meta, hadDatabase) : null;
    if (kept) {
      log(`reusing the ${kept.chunks} chunks ingested earlier in ${opts.dataDir}`);
      await refreshSearchStatistics(db);
    }
    else log(`ingesting ${opts.data.corpus.length} documents (${opts.profile} profile) into ${label} with ${embedder.model}`);
    let lastLog = 0;
    const ingested = kept ?? await ingestCorpus(
      db,
      embedding,
      opts.data.corpus.map((d) => ({ id: d.id, title: d.title, text: beirDocumentText(d) })),
      {
        collection: 'eval',
        chunkTokens: settings.chunkTokens,
        chunkOverlap: settings.chunkOverlap,
        batchSize: INGEST_BATCH,
        wholeDocument: opts.profile === 'mteb',
        contextualChunks: opts.contextualChunks ?? true,
        onProgress: (done, total) => {
          if (Date.now() - lastLog < 10_000 && done < total) return;
          lastLog = Date.now();
          log(`  ${done}/${total} documents`);
        },
      },
    );
    log(`ingested ${ingested.chunks} chunks in ${ingested.seconds.toFixed(1)} s; ${ingested.failed.length} failed`);
    if (opts.dataDir && !kept) writeKeptIngestion(opts.dataDir, meta, ingested);

    const avgChunks = ingested.chunks / Math.max(1, ingested.aliases.size);
    const chunkRecall: EvalReport['chunkRecall'] = {};
    const evaluate = async (mode: RetrievalMode, s: Settings, candidateFactor?: number): Promise<ModeReport> => {
      const { run, latenciesMs, shortQueries, chunkRun } = await runQueries(db, embedding, opts.data.queries, {
        mode,
        settings: s,
        candidateFactor,
        depth: Math.max(DEEP_K, opts.k),
        chunksPerDocument: avgChunks <= 1 ? 1 : avgChunks * 1.5,
        aliases: ingested.aliases,
      });
      const msPerQuery = latenciesMs.reduce((a, b) => a + b, 0) / Math.max(1, latenciesMs.length);
      // The first call per mode runs at the stored settings; sweeps leave this as it is.
      if (!chunkRecall[mode]) {
        const byK: Record<string, number> = {};
        for (const k of CHUNK_RECALL_AT) {
          let sum = 0;
          for (const [queryId, judged] of opts.data.qrels) sum += recallInFirstChunks(chunkRun.get(queryId) ?? [], judged, k);
          byK[k] = sum / Math.max(1, opts.data.qrels.size);
        }
        chunkRecall[mode] = byK;
      }
      return { ...scoreRun(run, opts.data.qrels, opts.k, DEEP_K), msPerQuery, shortQueries };
    };

    const modes: EvalReport['modes'] = {};
    for (const mode of opts.modes) {
      log(`querying ${opts.data.queries.length} queries, ${mode}`);
      modes[mode] = await evaluate(mode, settings, mode === 'hybrid' ? opts.candidates?.[0] : undefined);
    }
    let rrfSweep: EvalReport['rrfSweep'];
    if (opts.rrfK && opts.rrfK.length > 1 && opts.modes.includes('hybrid')) {
      rrfSweep = { [settings.rrfK]: modes.hybrid! };
      for (const rrfK of opts.rrfK.slice(1)) {
        log(`querying hybrid with rrfK=${rrfK}`);
        rrfSweep[rrfK] = await evaluate('hybrid', { ...settings, rrfK }, opts.candidates?.[0]);
      }
    }
    let candidateSweep: EvalReport['candidateSweep'];
    if (opts.candidates && opts.candidates.length > 1 && opts.modes.includes('hybrid')) {
      candidateSweep = { [opts.candidates[0]]: modes.hybrid! };
      for (const factor of opts.candidates.slice(1)) {
        log(`querying hybrid with ${factor} × k candidates per retriever`);
        candidateSweep[factor] = await evaluate('hybrid', settings, factor);
      }
    }
    return {
      dataset: opts.data.name,
      split: opts.data.split,
      documents: opts.data.corpus.length,
      queries: opts.data.queries.length,
      modes,
      profile: opts.profile,
      database: label,
      embedder: { model: embedder.model, maxTokens: embedder.maxTokens },
      chunks: ingested.chunks,
      ingestSeconds: ingested.seconds,
      settings: {
        chunkTokens: settings.chunkTokens,
        chunkOverlap: settings.chunkOverlap,
        rrfK: settings.rrfK,
        efSearch: settings.efSearch,
        contextualChunks: opts.contextualChunks ?? true,
      },
      chunkRecall,
      ...(rrfSweep ? { rrfSweep } : {}),
      ...(candidateSweep ? { candidateSweep } : {}),
      ...(kept ? { reused: true } : {}),
      failed: ingested.failed,
    };
  } finally {
    await dispose();
  }
}

interface KeptMeta {
  dataset: string;
  /** The corpus ids in order, joined: a different slice is a different database. */
  corpus: string;
  profile: EvalProfile;
  model: string;
  chunkTokens: number;
  chunkOverlap: number;
  contextualChunks?: boolean;
}

interface KeptFile {
  meta: KeptMeta;
  chunks: number;
  seconds: number;
  aliases: [string, string[]][];
  failed: { id: string; reason: string }[];
}

const KEPT_FILE = 'eval-ingestion.json';

/** A PGlite database in `dir` that outlives the run (see --data-dir). */
async function openKeptDatabase(dir: string) {
  const db = await openDatabase({ dataDir: dir });
  return { db, label: `pglite (${path.join(dir, 'pglite')})`, dispose: () => db.close() };
}

/**
 * The ingestion recorded in `dir` when it was made from the same corpus, profile and model;
 * null when there is none yet. A database from another slice or profile is an error, so a
 * reused directory can never mix corpora.
 */
function readKeptIngestion(dir: string, meta: KeptMeta, hadDatabase: boolean) {
  const file = path.join(dir, KEPT_FILE);
  if (!fs.existsSync(file)) {
    if (hadDatabase) throw new Error(`${dir} holds a database but no ${KEPT_FILE} (an interrupted ingestion?); remove ${dir} and run again`);
    return null;
  }
  const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as KeptFile;
  for (const key of Object.keys(meta) as (keyof KeptMeta)[]) {
    if (kept.meta[key] !== meta[key]) {
      throw new Error(`${dir} was ingested with another ${key} (${String(kept.meta[key]).slice(0, 60)}); use another --data-dir or remove it`);
    }
  }
  return { aliases: new Map(kept.aliases), chunks: kept.chunks, failed: kept.failed, seconds: kept.seconds };
}

function writeKeptIngestion(dir: string, meta: KeptMeta, ingested: Awaited<ReturnType<typeof ingestCorpus>>): void {
  const file: KeptFile = { meta, chunks: ingested.chunks, seconds: ingested.seconds, aliases: [...ingested.aliases], failed: ingested.failed };
  fs.writeFileSync(path.join(dir, KEPT_FILE), JSON.stringify(file));
}
