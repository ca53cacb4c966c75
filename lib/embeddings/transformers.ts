import fs from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline, PreTrainedTokenizer } from '@huggingface/transformers';
import { env } from '../env';
import { AppError, describeError } from '../errors';
import { describeNetworkError } from '../models/hub';
import { EMBEDDERS, type EmbedderInfo } from '../models/registry';
import { startOnnxThread } from './onnx-thread';
import type { Embedder, Tokenizer, TokenizerSpec } from './types';

/**
 * Texts per ONNX call. Measured on chunks of ~190 tokens (npm run bench, batch sweep and the
 * ingest part's raw side, which tries 4, 8, 16 and 32 every repeat): 4 was fastest in every run
 * on 2 cores — 8% ahead of 8, 30–40% ahead of 32, which pads more and spills cache; 1 loses the
 * little batching gives. docs/benchmarks.md, "Defaults".
 */
export const DEFAULT_BATCH_SIZE = 4;

/** Document batches handed to the embedding thread before the first comes back (see embed). */
const DOCUMENT_BATCHES_IN_FLIGHT = 2;

export interface TransformersEmbedderOptions {
  /** Defaults to MODELS_DIR. */
  modelsDir?: string;
  /** Whether missing files may be fetched from the Hub; defaults to ALLOW_MODEL_DOWNLOADS. */
  allowDownloads?: boolean;
  batchSize?: number;
  /** transformers.js dtype; decides the ONNX file (`q8` → onnx/model_quantized.onnx). */
  dtype?: EmbedderInfo['dtype'];
  /** Positions including [CLS]/[SEP]; defaults to the registry's (256 for all-MiniLM-L6-v2). */
  maxSeqLength?: number;
  /** Defaults to the registry's (mean for unknown models, as sentence-transformers' default). */
  pooling?: EmbedderInfo['pooling'];
  /** Put before queries only; defaults to the registry's. */
  queryPrefix?: string;
}

const ONNX_SUFFIX: Record<EmbedderInfo['dtype'], string> = { q8: '_quantized', fp32: '', int8: '_int8', fp16: '_fp16' };

/** transformers.js keeps its settings in one process-wide object; every load sets them the same way. */
export async function configureTransformers(modelsDir: string, allowDownloads: boolean) {
  const transformers = await import('@huggingface/transformers');
  transformers.env.localModelPath = `${modelsDir}${path.sep}`;
  transformers.env.allowLocalModels = true;
  transformers.env.allowRemoteModels = allowDownloads;
  transformers.env.cacheDir = path.join(modelsDir, '.cache', 'transformers');
  return transformers;
}

function missingFiles(modelsDir: string, model: string, dtype: EmbedderInfo['dtype']): string[] {
  const needed = ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${ONNX_SUFFIX[dtype]}.onnx`];
  const roots = [path.join(modelsDir, model), path.join(modelsDir, '.cache', 'transformers', model)];
  return needed
    .filter((f) => !roots.some((r) => fs.existsSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ r, f))))
    .map((f) => path.join(modelsDir, model, f));
}

function missingModel(model: string, modelsDir: string, files: string[], why?: string): AppError {
  // models:fetch provisions the registry's models; any other id must come from the Hub or by hand.
  const remedy = EMBEDDERS[model]
    ? 'run `npm run models:fetch`'
    : `put its transformers.js files (config.json, tokenizer files, onnx/) in ${path.join(modelsDir, model)}`;
  const download = why
    ? `, and it could not be downloaded (${why})`
    : '; with ALLOW_MODEL_DOWNLOADS=true it is fetched from the Hugging Face Hub when reachable';
  return new AppError(
    'model_missing',
    `The embedding model ${model} is not in ${modelsDir} (missing ${files.join(', ')})${download}; ${remedy}.`,
    503,
  );
}

/** Loads the model's feature-extraction pipeline from MODELS_DIR (or the Hub when allowed). */
export async function loadExtractor(
  model: string,
  options: TransformersEmbedderOptions = {},
): Promise<FeatureExtractionPipeline> {
  const modelsDir = path.resolve(/*turbopackIgnore: true*/ options.modelsDir ?? env().MODELS_DIR);
  const allowDownloads = options.allowDownloads ?? env().ALLOW_MODEL_DOWNLOADS;
  const dtype = options.dtype ?? EMBEDDERS[model]?.dtype ?? 'q8';
  const missing = missingFiles(modelsDir, model, dtype);
  if (missing.length && !allowDownloads) throw missingModel(model, modelsDir, missing);
  const transformers = await configureTransformers(modelsDir, allowDownloads);
  try {
    return (await transformers.pipeline('feature-extraction', model, {
      dtype,
      local_files_only: !allowDownloads,
    })) as FeatureExtractionPipeline;
  } catch (e) {
    const stillMissing = missingFiles(modelsDir, model, dtype);
    if (stillMissing.length) throw missingModel(model, modelsDir, stillMissing, describeNetworkError(e));
    throw new AppError(
      'model_load_failed',
      `The embedding model ${model} in ${modelsDir} could not be loaded (${describeError(e)}); ` +
        'run `npm run models:fetch` to verify and replace its files.',
      503,
    );
  }
}

/** The model's own special tokens around a text (e.g. [CLS] … [SEP]), found by encoding a probe. */
function specialTokens(tokenizer: PreTrainedTokenizer): { prefix: number[]; suffix: number[] } {
  const bare = tokenizer.encode('docent', { add_special_tokens: false });
  const full = tokenizer.encode('docent', { add_special_tokens: true });
  const at = full.findIndex((_, i) => bare.every((id, j) => full[i + j] === id));
  if (at < 0) return { prefix: [], suffix: [] };
  return { prefix: full.slice(0, at), suffix: full.slice(at + bare.length) };
}

/** The model's tokenizer as the chunker counts with it: no special tokens. The parse worker builds the same from `spec`. */
export function countingTokenizer(tokenizer: PreTrainedTokenizer, spec: TokenizerSpec): Tokenizer {
  const encode = (text: string): number[] => Array.from(tokenizer.encode(text, { add_special_tokens: false }));
  return { encode, count: (text) => encode(text).length, spec };
}

/**
 * Padding in a batch may add at most this share of its real tokens. A batch runs at its longest
 * row's width, so a 250-token chunk batched with a 60-token one costs the short one 190 tokens
 * of work: with the few documents in flight during ingestion (1–3 chunks each), fixed batches
 * of 4 spent ~20% more embedding CPU than the same texts sorted as a whole (npm run bench, ingest).
 */
const PADDING_SLACK = 0.1;

/** Length-sorted positions cut into batches of at most `batchSize` whose padding stays within PADDING_SLACK. */
export function batchesByLength(order: number[], ids: number[][], batchSize: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let tokens = 0;
  for (const i of order) {
    const length = ids[i].length; // ascending: the newest row sets the width
    const full = current.length >= batchSize || length * (current.length + 1) > (tokens + length) * (1 + PADDING_SLACK);
    if (current.length > 0 && full) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(i);
    tokens += length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A mutex: one ONNX run at a time per thread, so concurrent callers do not oversubscribe the CPU's cores. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };
}

export async function loadTransformersEmbedder(
  model: string,
  options: TransformersEmbedderOptions = {},
): Promise<Embedder> {
  const extractor = await loadExtractor(model, options);
  // Files are in place now (loadExtractor checked or fetched them): the threads load them too.
  // Two threads: documents embed on one, a search's query on the other, so a question asked
  // while a large document ingests does not wait behind the document's batch.
  const threadOptions = {
    modelsDir: path.resolve(/*turbopackIgnore: true*/ options.modelsDir ?? env().MODELS_DIR),
    model,
    dtype: options.dtype ?? EMBEDDERS[model]?.dtype ?? 'q8',
    allowDownloads: false,
    pooling: options.pooling ?? EMBEDDERS[model]?.pooling ?? 'mean',
  };
  const [documentThread, queryThread] = await Promise.all([startOnnxThread({ ...threadOptions, background: true }), startOnnxThread({ ...threadOptions, threads: 1 })]);
  const tokenizer = extractor.tokenizer;
  const info = EMBEDDERS[model];
  const maxSeqLength = options.maxSeqLength ?? info?.maxSeqLength ?? Math.min(tokenizer.model_max_length, 512);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const { prefix, suffix } = specialTokens(tokenizer);
  const maxTokens = maxSeqLength - prefix.length - suffix.length;
  const padId = tokenizer.pad_token_id ?? 0;
  const dim = Number((extractor.model.config as { hidden_size?: number }).hidden_size ?? info?.dim);
  const queries = serial();
  const queryPrefix = options.queryPrefix ?? info?.queryPrefix ?? '';

  const ownTokenizer = countingTokenizer(tokenizer, { kind: 'transformers', modelsDir: threadOptions.modelsDir, model });
  const encode = ownTokenizer.encode;

  // Tokenised here rather than by the pipeline: sentence-transformers truncates to max_seq_length
  // *keeping* [SEP] (254 word pieces + 2), while transformers.js would cut at 512 and drop [SEP].
  async function embedBatch(ids: number[][], urgent: boolean): Promise<Float32Array[]> {
    const rows = ids.map((t) => [...prefix, ...t.slice(0, maxTokens), ...suffix]);
    const width = Math.max(...rows.map((r) => r.length));
    const inputIds = new BigInt64Array(rows.length * width).fill(BigInt(padId));
    const mask = new BigInt64Array(rows.length * width);
    rows.forEach((row, i) =>
      row.forEach((id, j) => {
        inputIds[i * width + j] = BigInt(id);
        mask[i * width + j] = 1n;
      }),
    );
    const data = await (urgent ? queryThread : documentThread).embed({ inputIds, mask, rows: rows.length, width });
    return rows.map((_, i) => data.slice(i * dim, (i + 1) * dim));
  }

  async function embed(texts: string[], signal: AbortSignal | undefined, urgent: boolean): Promise<Float32Array[]> {
    const ids = texts.map(encode);
    // Batching texts of similar length wastes less work on padding; results go back in input order.
    const order = ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length);
    const out = new Array<Float32Array>(texts.length);
    // Documents: up to two batches handed to the thread at once (it runs them one after the
    // other), so it starts the next while this thread, busy with database work during ingestion,
    // gets round to the last one's result. Awaiting each batch here left the model idle meanwhile.
    const inFlight: Promise<void>[] = [];
    for (const slice of batchesByLength(order, ids, batchSize)) {
      signal?.throwIfAborted();
      const batch = () => embedBatch(slice.map((i) => ids[i]), urgent);
      const done = (urgent ? queries(batch) : batch()).then((vectors) => slice.forEach((i, k) => (out[i] = vectors[k])));
      done.catch(() => undefined); // awaited below; a failure while an earlier batch is awaited is not unhandled
      inFlight.push(done);
      if (urgent || inFlight.length >= DOCUMENT_BATCHES_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    return out;
  }

  return {
    model,
    dim,
    maxTokens,
    tokenizer: ownTokenizer,
    embedDocuments: (texts, signal) => embed(texts, signal, false),
    // The prefix is the model's, so callers (search, eval) stay model-agnostic.
    embedQuery: async (text, signal) => (await embed([queryPrefix + text], signal, true))[0],
  };
}
