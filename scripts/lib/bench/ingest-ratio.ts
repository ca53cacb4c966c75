import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from '@/lib/embeddings';
import { measureRawThroughput } from '@/lib/embeddings/raw-throughput';
import { DEFAULT_BATCH_SIZE, loadTransformersEmbedder } from '@/lib/embeddings/transformers';
import { DEFAULT_EMBEDDING_MODEL } from '@/lib/models/registry';
import { loadSettings } from '@/lib/settings';
import { ingestCorpus, type CorpusDocument } from '../eval/ingest-corpus';
import { openScratchDatabase, type DatabaseChoice } from '../scratch-database';
import { median } from './stats';

export interface IngestRatio {
  database: DatabaseChoice;
  documents: number;
  chunks: number;
  meanChunkTokens: number;
  /** One entry per repeat, pipeline and raw measured back to back. */
  pipelineChunksPerSecond: number[];
  rawChunksPerSecond: number[];
  ratios: number[];
  /** Median of the per-repeat ratios. */
  ratio: number;
  /** Docent's embedder on the same texts at each batch size asked for (median of two rounds). */
  batchSweep: { batchSize: number; chunksPerSecond: number }[];
}

/**
 * Ingestion throughput against its ceiling, side by side: documents go through addDocuments
 * and ingestDocument (parse, chunk with the default settings, embed, store, mark ready) into a
 * fresh database; then the bare transformers.js pipeline embeds the very chunk texts that run
 * stored, in batches of the same size. Pairs alternate which goes first, so a change in the
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
  let chunks = 0;
  let meanChunkTokens = 0;
  let texts: string[] = [];
  for (let r = 0; r < repeats; r++) {
    const { db, dispose } = await openScratchDatabase(choice, 'bench');
    try {
      const space = await ensureEmbeddingSpace(db, embedder.model, embedder.dim);
      const settings = await loadSettings(db);
      const runPipeline = async () => {
        const result = await ingestCorpus(db, { embedder, space }, docs, {
          collection: 'bench',
          chunkTokens: settings.chunkTokens,
          chunkOverlap: settings.chunkOverlap,
          batchSize: DEFAULT_BATCH_SIZE,
        });
        if (result.failed.length) throw new Error(`ingestion failed: ${result.failed[0].reason}`);
        chunks = result.chunks;
        pipeline.push(result.chunks / result.seconds);
      };
      const runRaw = async () => {
        raw.push((await measureRawThroughput(texts, { batchSize: DEFAULT_BATCH_SIZE })).textsPerSecond);
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
      log(`  ${choice} repeat ${r + 1}: pipeline ${pipeline[r].toFixed(1)} chunks/s, raw ${raw[r].toFixed(1)} chunks/s`);
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
