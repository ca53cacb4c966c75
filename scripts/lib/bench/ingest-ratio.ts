import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from '@/lib/embeddings';
import { addDocuments } from '@/lib/documents/documents';
import { loadTransformersEmbedder } from '@/lib/embeddings/transformers';
import type { Embedder } from '@/lib/embeddings/types';
import { NO_ACCOUNTS } from '@/lib/auth/viewer';
import { startIngestWorker } from '@/lib/ingest/worker';
import type { Database } from '@/db';
import type { EmbeddingSpace } from '@/db/queries/embedding-models';
import { DEFAULT_EMBEDDING_MODEL } from '@/lib/models/registry';
import type { CorpusDocument } from '../eval/ingest-corpus';
import { openScratchDatabase, type DatabaseChoice } from '../scratch-database';
import { median } from './stats';

export interface IngestRatio {
  database: DatabaseChoice;
  documents: number;
  chunks: number;
  meanChunkTokens: number;
  /** One entry per repeat, pipeline and raw measured back to back. */
  pipelineChunksPerSecond: number[];
  /** The raw embedder at its best batch size in that repeat (of RAW_BATCH_SIZES), and which size that was. */
  rawChunksPerSecond: number[];
  rawBestBatchSize: number[];
  ratios: number[];
  /** Median of the per-repeat ratios. */
  ratio: number;
  /** Docent's embedder on the same texts at each batch size asked for (median of two rounds). */
  batchSweep: { batchSize: number; chunksPerSecond: number }[];
}

/** Batch sizes the raw side tries each repeat; the fastest is the baseline. */
const RAW_BATCH_SIZES = [4, 8, 16, 32];

/** Upload + the background worker as the server runs it (lanes, embeddings shared across documents), until idle. */
async function ingestThroughWorker(db: Database, embedder: Embedder, space: EmbeddingSpace, docs: CorpusDocument[]) {
  const started = performance.now();
  for (let start = 0; start < docs.length; start += 250) {
    const files = docs.slice(start, start + 250).map((d) => ({ fileName: `${d.id}.txt`, declaredMime: 'text/plain', content: Buffer.from(d.text, 'utf8') }));
    await addDocuments(db, NO_ACCOUNTS, files, 'bench');
  }
  const worker = startIngestWorker({ db: async () => db, embedding: async () => ({ embedder, space }), pollMs: 20, log: () => undefined });
  await worker.idle();
  await worker.stop();
  const seconds = (performance.now() - started) / 1000;
  const { rows } = await db.query<{ chunks: number; failed: number }>(
    `SELECT (SELECT count(*)::int FROM chunks) AS chunks, (SELECT count(*)::int FROM documents WHERE status = 'failed') AS failed`,
  );
  if (rows[0].failed > 0) throw new Error(`${rows[0].failed} documents failed to ingest`);
  return { chunks: rows[0].chunks, seconds };
}

/**
 * Ingestion throughput against its ceiling, side by side: documents are uploaded (addDocuments)
 * and ingested by the background worker into a fresh database; then Docent's embedder, with the
 * same thread budget, embeds the very chunk texts that run stored at each of RAW_BATCH_SIZES,
 * and the fastest is the baseline. Pairs alternate which goes first, so a change in the
 * machine's load during the run does not favour one side.
 */
export async function measureIngestRatio(
  choice: DatabaseChoice,
  docs: CorpusDocument[],
  repeats: number,
  log: (line: string) => void,
  batchSizes: number[] = [],
): Promise<IngestRatio> {
  const embedder = await getEmbedder();
  await embedder.embedDocuments(docs.slice(0, 4).map((d) => d.text)); // load and warm the session
  const pipeline: number[] = [];
  const raw: number[] = [];
  const rawBatch: number[] = [];
  const rawEmbedders = await Promise.all(RAW_BATCH_SIZES.map((batchSize) => loadTransformersEmbedder(DEFAULT_EMBEDDING_MODEL, { batchSize })));
  for (const e of rawEmbedders) await e.embedDocuments(docs.slice(0, 4).map((d) => d.text));
  let chunks = 0;
  let meanChunkTokens = 0;
  let texts: string[] = [];
  for (let r = 0; r < repeats; r++) {
    const { db, dispose } = await openScratchDatabase(choice, 'bench');
    try {
      const space = await ensureEmbeddingSpace(db, embedder.model, embedder.dim);
      const runPipeline = async () => {
        const result = await ingestThroughWorker(db, embedder, space, docs);
        chunks = result.chunks;
        pipeline.push(result.chunks / result.seconds);
      };
      const runRaw = async () => {
        const rates: number[] = [];
        for (const e of rawEmbedders) {
          const started = performance.now();
          await e.embedDocuments(texts);
          rates.push(texts.length / ((performance.now() - started) / 1000));
        }
        const best = rates.indexOf(Math.max(...rates));
        raw.push(rates[best]);
        rawBatch.push(RAW_BATCH_SIZES[best]);
      };
      // Raw embeds the texts the first ingestion stored (chunking is deterministic); after
      // that, pairs swap which side goes first.
      if (r % 2 === 1) {
        await runRaw();
        await runPipeline();
      } else {
        await runPipeline();
        if (r === 0) {
          const { rows } = await db.query<{ text: string; tokens: number }>(
            'SELECT text, token_count AS tokens FROM chunks ORDER BY document_id, ordinal',
          );
          texts = rows.map((row) => row.text);
          meanChunkTokens = rows.reduce((sum, row) => sum + row.tokens, 0) / rows.length;
        }
        await runRaw();
      }
      log(`  ${choice} repeat ${r + 1}: pipeline ${pipeline[r].toFixed(1)} chunks/s, raw best ${raw[r].toFixed(1)} chunks/s (batch ${rawBatch[r]})`);
    } finally {
      await dispose();
    }
  }
  const batchSweep = batchSizes.length ? await sweepBatchSizes(texts, batchSizes, log) : [];
  const ratios = pipeline.map((p, i) => p / raw[i]);
  return {
    database: choice,
    documents: docs.length,
    chunks,
    meanChunkTokens,
    pipelineChunksPerSecond: pipeline,
    rawChunksPerSecond: raw,
    rawBestBatchSize: rawBatch,
    ratios,
    ratio: median(ratios),
    batchSweep,
  };
}

/**
 * Docent's own embedder (length-sorted batches, 254-token truncation) at each batch size, on the
 * same texts; two rounds with the sizes interleaved, so a change in load hits every size alike.
 * One ONNX session per size, loaded before any timing.
 */
async function sweepBatchSizes(texts: string[], sizes: number[], log: (line: string) => void): Promise<IngestRatio['batchSweep']> {
  const embedders = await Promise.all(sizes.map((batchSize) => loadTransformersEmbedder(DEFAULT_EMBEDDING_MODEL, { batchSize })));
  for (const e of embedders) await e.embedDocuments(texts.slice(0, 4));
  const rates: number[][] = sizes.map(() => []);
  for (let round = 0; round < 2; round++) {
    for (const [i, e] of embedders.entries()) {
      const started = performance.now();
      await e.embedDocuments(texts);
      rates[i].push(texts.length / ((performance.now() - started) / 1000));
    }
  }
  const sweep = sizes.map((batchSize, i) => ({ batchSize, chunksPerSecond: median(rates[i]) }));
  log(`  embedder by batch size: ${sweep.map((b) => `${b.batchSize}: ${b.chunksPerSecond.toFixed(1)}/s`).join(', ')}`);
  return sweep;
}
