/**
 * What a worker thread needs to build the same tokenizer (lib/embeddings/tokenizer-load.ts):
 * chunking runs off the server's thread, and a tokenizer object cannot cross threads.
 */
export type TokenizerSpec = { kind: 'transformers'; modelsDir: string; model: string } | { kind: 'approximate' };

/** Counts tokens with the embedding model's own tokenizer. */
export interface Tokenizer {
  /** Token ids for text, without special tokens ([CLS]/[SEP]). */
  encode(text: string): number[];
  count(text: string): number;
  /** How to rebuild this tokenizer in another thread; a tokenizer without one cannot chunk in the parse worker. */
  readonly spec?: TokenizerSpec;
}

/**
 * Every embedding provider implements this. Vectors come back L2-normalised, so cosine
 * distance and inner product rank alike.
 */
export interface Embedder {
  /** The configured id, e.g. `Xenova/all-MiniLM-L6-v2` or `openai:text-embedding-3-small`. */
  readonly model: string;
  readonly dim: number;
  /** Longest input in tokens the model attends to; longer text is truncated by the model. */
  readonly maxTokens: number;
  readonly tokenizer: Tokenizer;
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array>;
}
