import fs from 'node:fs';
import path from 'node:path';
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
import { type KeptMeta, openKeptDatabase, readKeptIngestion, readPartial, writeKeptIngestion, writePartial } from './kept-database';

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
  /** efSearch values to report for hybrid and vector; the first is the one in `modes`. */
  efSearch?: number[];
  /** Ask for exactly this many chunks per query, as a chat with that topK does (unset: eval depth, 100 documents). */
  chatDepth?: number;
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
  /** Hybrid and vector at each efSearch asked for, keyed by the value. */
  efSweep?: Record<string, Partial<Record<RetrievalMode, ModeReport>>>;
  /** Chunks asked for per query when set (chat depth); unset: eval depth. */
  chatDepth?: number;
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
      efSearch: opts.efSearch?.[0] ?? stored.efSearch,
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
    const found = opts.dataDir ? readKeptIngestion(opts.dataDir, meta, hadDatabase) : null;
    const kept = found === 'resume' ? null : found;
    const earlier = found === 'resume' ? readPartial(opts.dataDir!).seconds : 0;
    if (opts.dataDir && !kept) writePartial(opts.dataDir, { meta, seconds: earlier });
    if (found === 'resume') log(`resuming the interrupted ingestion in ${opts.dataDir} (${earlier.toFixed(0)} s so far)`);
    if (kept) {
      log(`reusing the ${kept.chunks} chunks ingested earlier in ${opts.dataDir}`);
      await refreshSearchStatistics(db);
    }
    else log(`ingesting ${opts.data.corpus.length} documents (${opts.profile} profile) into ${label} with ${embedder.model}`);
    let lastLog = 0;
    const since = performance.now();
    const ingestedNow = kept ? null : await ingestCorpus(
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
        resume: found === 'resume',
        onProgress: (done, total) => {
          if (Date.now() - lastLog < 10_000 && done < total) return;
          lastLog = Date.now();
          log(`  ${done}/${total} documents`);
          // Time spent so far survives an interruption, so a resumed run reports the whole ingestion.
          if (opts.dataDir) writePartial(opts.dataDir, { meta, seconds: earlier + (performance.now() - since) / 1000 });
        },
      },
    );
    const ingested = kept ?? { ...ingestedNow!, seconds: earlier + ingestedNow!.seconds };
    log(`ingested ${ingested.chunks} chunks in ${ingested.seconds.toFixed(1)} s; ${ingested.failed.length} failed` +
      (ingestedNow ? `; ${ingestedNow.processed} documents processed by this run` : ''));
    if (opts.dataDir && !kept) writeKeptIngestion(opts.dataDir, meta, ingested);

    const avgChunks = ingested.chunks / Math.max(1, ingested.aliases.size);
    const chunkRecall: EvalReport['chunkRecall'] = {};
    const evaluate = async (mode: RetrievalMode, s: Settings, candidateFactor?: number): Promise<ModeReport> => {
      const { run, latenciesMs, shortQueries, chunkRun } = await runQueries(db, embedding, opts.data.queries, {
        mode,
        settings: s,
        candidateFactor,
        depth: opts.chatDepth ?? Math.max(DEEP_K, opts.k),
        fixedK: opts.chatDepth,
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
    let efSweep: EvalReport['efSweep'];
    if (opts.efSearch && opts.efSearch.length > 1) {
      efSweep = { [settings.efSearch]: { hybrid: modes.hybrid, vector: modes.vector } };
      for (const efSearch of opts.efSearch.slice(1)) {
        efSweep[efSearch] = {};
        for (const mode of opts.modes.filter((m) => m !== 'keyword')) {
          log(`querying ${mode} with efSearch=${efSearch}`);
          efSweep[efSearch][mode] = await evaluate(mode, { ...settings, efSearch }, mode === 'hybrid' ? opts.candidates?.[0] : undefined);
        }
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
      ...(efSweep ? { efSweep } : {}),
      ...(opts.chatDepth ? { chatDepth: opts.chatDepth } : {}),
      ...(kept ? { reused: true } : {}),
      failed: ingested.failed,
    };
  } finally {
    await dispose();
  }
}
