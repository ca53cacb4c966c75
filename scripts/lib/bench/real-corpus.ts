import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Embedder } from '@/lib/embeddings';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS } from '@/lib/ingest/chunk';
import { parseText } from '@/lib/ingest/parse/text';
import { beirDocumentText, loadBeir } from '../eval/beir';
import { loadQaDataset } from '../eval/qa-dataset';

/** One real chunk, as Docent's chunker cuts it from a plain-text upload of its document. */
export interface RealChunk {
  /** `scifact:<id>` or `hotpotqa:<title>`: the document it came from. */
  document: string;
  ordinal: number;
  text: string;
  tokenCount: number;
}

export interface RealCorpus {
  chunks: RealChunk[];
  /** Real queries: SciFact's test claims, then HotpotQA's questions. */
  queries: string[];
  sources: { name: string; documents: number; chunks: number; queries: number }[];
}

/**
 * Every document of SciFact (5,183 abstracts, `title text` as the eval uploads them) and the
 * HotpotQA sample (994 Wikipedia passages), chunked exactly as ingestion would a `.txt` upload
 * (parseText, then chunkDocument at the default 256/32 with the embedder's own tokenizer).
 */
export function loadRealCorpus(datasets: string, embedder: Embedder): RealCorpus {
  const scifact = loadBeir(path.join(datasets, 'retrieval/scifact'));
  const hotpot = loadQaDataset(path.join(datasets, 'qa/hotpotqa-sample'));
  const chunks: RealChunk[] = [];
  const sources: RealCorpus['sources'] = [];
  const options = { chunkTokens: Math.min(DEFAULT_CHUNK_OPTIONS.chunkTokens, embedder.maxTokens), overlapTokens: DEFAULT_CHUNK_OPTIONS.overlapTokens };
  const add = (name: string, docs: [string, string][], queries: number) => {
    const before = chunks.length;
    for (const [id, text] of docs) {
      for (const c of chunkDocument(parseText(Buffer.from(text, 'utf8')), embedder.tokenizer, options)) {
        chunks.push({ document: `${name}:${id}`, ordinal: c.ordinal, text: c.text, tokenCount: c.tokenCount });
      }
    }
    sources.push({ name, documents: docs.length, chunks: chunks.length - before, queries });
  };
  add('scifact', scifact.corpus.map((d) => [d.id, beirDocumentText(d)]), scifact.queries.length);
  add('hotpotqa', [...hotpot.passages.entries()], hotpot.questions.length);
  return { chunks, queries: [...scifact.queries.map((q) => q.text), ...hotpot.questions.map((q) => q.question)], sources };
}

const BATCH = 64;

/**
 * Embeds `texts` (documents or queries) with `embedder`, keeping the vectors in `dir` so a rerun
 * reads them instead of embedding ~11k chunks again (about ten minutes on two quiet cores). The
 * file is named by the model and a hash of the texts, and grows batch by batch: an interrupted
 * run resumes where it stopped.
 */
export async function cachedEmbeddings(
  dir: string,
  embedder: Embedder,
  texts: string[],
  kind: 'documents' | 'queries',
  log: (line: string) => void,
  /** Embed and return only the first `limit` (the file is still named by all of `texts`, so a later full run continues it). */
  limit = texts.length,
): Promise<Float32Array[]> {
  const hash = createHash('sha256').update(embedder.model).update('\0').update(kind);
  for (const t of texts) hash.update('\0').update(t);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${embedder.model.replace(/\W+/g, '_')}-${hash.digest('hex').slice(0, 16)}.f32`);
  const bytesPer = embedder.dim * 4;
  const existing = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  // A partial last vector (killed mid-write) is dropped and embedded again.
  let done = Math.floor(existing.length / bytesPer);
  if (existing.length !== done * bytesPer) fs.truncateSync(file, done * bytesPer);
  const started = performance.now();
  const initial = done;
  const wanted = Math.min(limit, texts.length);
  while (done < wanted) {
    const batch = texts.slice(done, Math.min(done + BATCH, wanted));
    const vectors = kind === 'queries' ? await Promise.all(batch.map((t) => embedder.embedQuery(t))) : await embedder.embedDocuments(batch);
    fs.appendFileSync(file, Buffer.concat(vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))));
    done += batch.length;
    const rate = (done - initial) / ((performance.now() - started) / 1000);
    if (done === wanted || Math.floor(done / 1024) !== Math.floor((done - batch.length) / 1024)) {
      log(`  embedded ${done}/${texts.length} ${kind} (${rate.toFixed(1)}/s)`);
    }
  }
  const all = fs.readFileSync(file);
  return texts.slice(0, wanted).map((_, i) => new Float32Array(all.buffer.slice(all.byteOffset + i * bytesPer, all.byteOffset + (i + 1) * bytesPer)));
}
