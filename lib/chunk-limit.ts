import { badRequest, describeError } from './errors';
import { getEmbeddingContext } from './runtime';

/** The most tokens the active embedder reads: the pipeline cuts every chunk to this size. */
export interface ChunkLimit {
  tokens: number;
  model: string;
}

/**
 * The active embedder's limit, or null when it cannot be loaded right now (a missing model is
 * reported by /api/health; saving settings must still work then).
 */
export async function embedderChunkLimit(): Promise<ChunkLimit | null> {
  try {
    const { embedder } = await getEmbeddingContext();
    return { tokens: embedder.maxTokens, model: embedder.model };
  } catch (err) {
    console.warn(`[settings] chunk limits not checked, the embedder is not available: ${describeError(err)}`);
    return null;
  }
}

/**
 * The chunk settings as ingestion will use them: a chunk size over the embedder's limit is cut
 * to it, and the overlap must stay below what is left — else every later upload would fail.
 */
export function checkEffectiveChunking(settings: { chunkTokens: number; chunkOverlap: number }, limit: ChunkLimit | null): void {
  if (!limit || settings.chunkTokens <= limit.tokens) return;
  if (settings.chunkOverlap >= limit.tokens) {
    throw badRequest(
      'invalid_settings',
      `Chunk overlap ${settings.chunkOverlap} is too large: the embedder (${limit.model}) reads at most ${limit.tokens} tokens, ` +
        `so chunks are cut to ${limit.tokens} tokens whatever the chunk size; set the overlap below ${limit.tokens}.`,
    );
  }
}
