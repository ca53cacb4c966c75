import { DEFAULT_EMBEDDING_MODEL } from '../models/registry';
import { DEFAULT_BATCH_SIZE, loadExtractor, type TransformersEmbedderOptions } from './transformers';

export interface Throughput {
  texts: number;
  batchSize: number;
  seconds: number;
  textsPerSecond: number;
}

/**
 * The ceiling the ingestion pipeline is compared with: the bare transformers.js
 * feature-extraction pipeline (tokenise, ONNX run, mean pooling, normalise) on the given texts,
 * in fixed batches and input order, after one warm-up batch. It truncates at the tokenizer's
 * model_max_length (512), not 256, so give it texts shorter than 254 tokens for a fair comparison.
 */
export async function measureRawThroughput(
  texts: string[],
  options: TransformersEmbedderOptions & { model?: string } = {},
): Promise<Throughput> {
  if (texts.length === 0) throw new Error('measureRawThroughput needs at least one text');
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const extractor = await loadExtractor(options.model ?? DEFAULT_EMBEDDING_MODEL, options);
  await extractor(texts.slice(0, batchSize), { pooling: 'mean', normalize: true });
  const start = performance.now();
  for (let i = 0; i < texts.length; i += batchSize) {
    await extractor(texts.slice(i, i + batchSize), { pooling: 'mean', normalize: true });
  }
  const seconds = (performance.now() - start) / 1000;
  return { texts: texts.length, batchSize, seconds, textsPerSecond: texts.length / seconds };
}
