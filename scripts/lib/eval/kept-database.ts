import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/db';
import type { EvalProfile } from './args';
import type { IngestedCorpus } from './ingest-corpus';

/**
 * An eval database kept in --data-dir: the ingested corpus with a record of what it was made
 * from (so a different corpus, profile or model is refused, never mixed in), or, while an
 * ingestion is under way or was interrupted, a partial record it resumes from.
 */
export interface KeptMeta {
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
export async function openKeptDatabase(dir: string) {
  const db = await openDatabase({ dataDir: dir });
  return { db, label: `pglite (${path.join(dir, 'pglite')})`, dispose: () => db.close() };
}

/**
 * The ingestion recorded in `dir` when it was made from the same corpus, profile and model;
 * null when there is none yet. A database from another slice or profile is an error, so a
 * reused directory can never mix corpora.
 */
export function readKeptIngestion(dir: string, meta: KeptMeta, hadDatabase: boolean) {
  const file = path.join(dir, KEPT_FILE);
  if (!fs.existsSync(file)) {
    if (!hadDatabase) return null;
    // An ingestion that was interrupted (killed, out of time) carries on where it stopped.
    if (fs.existsSync(path.join(dir, PARTIAL_FILE))) {
      checkSameMeta(dir, readPartial(dir).meta, meta);
      return 'resume' as const;
    }
    throw new Error(`${dir} holds a database but neither ${KEPT_FILE} nor ${PARTIAL_FILE}; remove ${dir} and run again`);
  }
  const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as KeptFile;
  checkSameMeta(dir, kept.meta, meta);
  return { aliases: new Map(kept.aliases), chunks: kept.chunks, failed: kept.failed, seconds: kept.seconds };
}

function checkSameMeta(dir: string, stored: KeptMeta, meta: KeptMeta): void {
  for (const key of Object.keys(meta) as (keyof KeptMeta)[]) {
    if (stored[key] !== meta[key]) {
      throw new Error(`${dir} was ingested with another ${key} (${String(stored[key]).slice(0, 60)}); use another --data-dir or remove it`);
    }
  }
}

/** Written when an ingestion into --data-dir starts, and as it goes: what a resumed run checks and adds to. */
const PARTIAL_FILE = 'eval-ingestion.partial.json';
type PartialFile = { meta: KeptMeta; seconds: number };

export function readPartial(dir: string): PartialFile {
  return JSON.parse(fs.readFileSync(path.join(dir, PARTIAL_FILE), 'utf8')) as PartialFile;
}

export function writePartial(dir: string, partial: PartialFile): void {
  fs.writeFileSync(path.join(dir, PARTIAL_FILE), JSON.stringify(partial));
}

export function writeKeptIngestion(dir: string, meta: KeptMeta, ingested: Omit<IngestedCorpus, 'processed'>): void {
  const file: KeptFile = { meta, chunks: ingested.chunks, seconds: ingested.seconds, aliases: [...ingested.aliases], failed: ingested.failed };
  fs.writeFileSync(path.join(dir, KEPT_FILE), JSON.stringify(file));
  fs.rmSync(path.join(dir, PARTIAL_FILE), { force: true });
}
