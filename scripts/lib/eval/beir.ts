import fs from 'node:fs';
import path from 'node:path';
import type { Judgements } from '@/lib/evaluate/retrieval-metrics';

/** A BEIR dataset folder: corpus.jsonl, queries.jsonl and qrels/<split>.tsv. */
export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

export interface BeirDataset {
  name: string;
  /** Which qrels file the queries come from (`train` to tune on, `test` to report). */
  split: string;
  corpus: BeirDoc[];
  /** The split's judged queries only, in queries.jsonl order. */
  queries: BeirQuery[];
  qrels: Map<string, Judgements>;
}

export function parseJsonLines<T>(text: string, file = 'input'): T[] {
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      throw new Error(`${file}:${i + 1} is not valid JSON`);
    }
  });
  return out;
}

/** BEIR qrels: a `query-id corpus-id score` header, then tab-separated rows. */
export function parseQrels(text: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of text.split(/\r?\n/)) {
    const [queryId, docId, score] = line.trim().split('\t');
    if (!queryId || !docId || queryId === 'query-id') continue;
    const grade = Number(score);
    if (!Number.isFinite(grade)) throw new Error(`qrels row "${line}" has no numeric score`);
    if (!qrels.has(queryId)) qrels.set(queryId, new Map());
    qrels.get(queryId)!.set(docId, grade);
  }
  return qrels;
}

/** The text a BEIR document is embedded as, the way MTEB does it: title, one space, body. */
export const beirDocumentText = (doc: BeirDoc): string => `${doc.title} ${doc.text}`.trim();

export function loadBeir(dir: string, split = 'test'): BeirDataset {
  const read = (name: string) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; expected a BEIR dataset folder`);
    return fs.readFileSync(file, 'utf8');
  };
  const corpus = parseJsonLines<{ _id: string; title?: string; text?: string }>(read('corpus.jsonl'), 'corpus.jsonl').map(
    (d) => ({ id: String(d._id), title: d.title ?? '', text: d.text ?? '' }),
  );
  const qrels = parseQrels(read(`qrels/${split}.tsv`));
  const queries = parseJsonLines<{ _id: string; text: string }>(read('queries.jsonl'), 'queries.jsonl')
    .map((q) => ({ id: String(q._id), text: q.text }))
    .filter((q) => qrels.has(q.id));
  // Judgements of queries without text cannot be run; keep the two consistent.
  const withText = new Set(queries.map((q) => q.id));
  for (const id of [...qrels.keys()]) if (!withText.has(id)) qrels.delete(id);
  return { name: path.basename(path.resolve(dir)), split, corpus, queries, qrels };
}

/**
 * A smaller, deterministic slice: the first `queryCount` judged queries, with their relevant
 * documents in the corpus, topped up with other documents in corpus order to `docCount`.
 */
export function sliceBeir(data: BeirDataset, opts: { queryCount?: number; docCount?: number }): BeirDataset {
  const queries = opts.queryCount === undefined ? data.queries : data.queries.slice(0, opts.queryCount);
  const qrels = new Map(queries.map((q) => [q.id, data.qrels.get(q.id)!]));
  if (opts.docCount === undefined) return { ...data, queries, qrels };
  const wanted = new Set([...qrels.values()].flatMap((j) => [...j].filter(([, g]) => g > 0).map(([id]) => id)));
  const corpus = data.corpus.filter((d) => wanted.has(d.id));
  for (const d of data.corpus) {
    if (corpus.length >= Math.max(opts.docCount, wanted.size)) break;
    if (!wanted.has(d.id)) corpus.push(d);
  }
  return { ...data, corpus, queries, qrels };
}
