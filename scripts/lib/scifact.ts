import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '@/db';
import { addDocuments } from '@/lib/documents/documents';
import { startIngestWorker } from '@/lib/ingest/worker';
import type { EmbeddingContext } from '@/lib/runtime';
import { NO_ACCOUNTS } from '@/lib/auth/viewer';

/** BEIR SciFact as shipped in shared/datasets/retrieval/scifact (corpus, queries, test qrels). */
export interface ScifactDoc {
  id: string;
  title: string;
  text: string;
}

export interface ScifactQuery {
  id: string;
  text: string;
  relevant: string[];
}

export interface Scifact {
  docs: ScifactDoc[];
  /** Test queries that have at least one relevant document. */
  queries: ScifactQuery[];
}

function readJsonLines<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function loadScifact(dir: string): Scifact {
  const docs = readJsonLines<{ _id: string; title: string; text: string }>(path.join(dir, 'corpus.jsonl')).map((d) => ({
    id: d._id,
    title: d.title,
    text: d.text,
  }));
  const relevant = new Map<string, string[]>();
  for (const line of fs.readFileSync(path.join(dir, 'qrels/test.tsv'), 'utf8').split('\n').slice(1)) {
    const [queryId, docId, score] = line.trim().split('\t');
    if (!queryId || Number(score) <= 0) continue;
    relevant.set(queryId, [...(relevant.get(queryId) ?? []), docId]);
  }
  const queries = readJsonLines<{ _id: string; text: string }>(path.join(dir, 'queries.jsonl'))
    .filter((q) => relevant.has(q._id))
    .map((q) => ({ id: q._id, text: q.text, relevant: relevant.get(q._id)! }));
  return { docs, queries };
}

/**
 * A deterministic subset: the relevant documents of the first `queryCount` test queries,
 * topped up with the corpus's first other documents as distractors to `docCount` in all.
 */
export function scifactSubset(data: Scifact, docCount: number, queryCount: number): Scifact {
  const queries = data.queries.slice(0, queryCount);
  const wanted = new Set(queries.flatMap((q) => q.relevant));
  const byId = new Map(data.docs.map((d) => [d.id, d]));
  const docs = [...wanted].map((id) => byId.get(id)).filter((d): d is ScifactDoc => !!d);
  for (const d of data.docs) {
    if (docs.length >= docCount) break;
    if (!wanted.has(d.id)) docs.push(d);
  }
  return { docs, queries };
}

/** The file name a SciFact document is stored under, so results map back to corpus ids. */
export const scifactFileName = (id: string) => `scifact-${id}.txt`;
export const scifactIdOf = (documentName: string) => /^scifact-(\w+)\.txt$/.exec(documentName)?.[1] ?? null;

/** Ingests documents through Docent's real pipeline (upload → parse → chunk → embed → store). */
export async function ingestScifact(
  db: Database,
  embedding: EmbeddingContext,
  docs: ScifactDoc[],
  collection: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const BATCH = 100;
  const worker = startIngestWorker({ db: async () => db, embedding: async () => embedding, pollMs: 50, log: () => undefined });
  try {
    for (let i = 0; i < docs.length; i += BATCH) {
      const files = docs.slice(i, i + BATCH).map((d) => ({
        fileName: scifactFileName(d.id),
        declaredMime: 'text/plain',
        content: Buffer.from(`${d.title}\n\n${d.text}\n`, 'utf8'),
      }));
      await addDocuments(db, NO_ACCOUNTS, files, collection);
      worker.notify();
      await worker.idle();
      onProgress?.(Math.min(i + BATCH, docs.length), docs.length);
    }
  } finally {
    await worker.stop();
  }
}
