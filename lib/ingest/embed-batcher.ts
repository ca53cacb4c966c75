import type { Embedder } from '../embeddings/types';
import type { EmbeddingContext } from '../runtime';

interface Pending {
  texts: string[];
  vectors: Float32Array[];
  /** Texts handed to a batch so far. */
  taken: number;
  /** Texts with a vector so far. */
  done: number;
  signal?: AbortSignal;
  resolve: (vectors: Float32Array[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Embeds the texts of concurrent jobs together: each call to the model takes up to
 * `batchSize` texts round-robin from every waiting request. So small documents (1–3 chunks
 * each) share one call instead of paying for a batch each, and a large document's chunks
 * interleave with a small one's rather than holding the model until it is done. One call is
 * in flight at a time; the batch belongs to several jobs, so no one job's abort cancels it.
 */
export class EmbedBatcher {
  private queue: Pending[] = [];
  private pumping = false;

  constructor(
    private readonly embedder: Embedder,
    private readonly batchSize: number,
  ) {}

  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, vectors: new Array(texts.length), taken: 0, done: 0, signal, resolve, reject });
      if (!this.pumping) void this.pump();
    });
  }

  private nextBatch(): { request: Pending; index: number }[] {
    const batch: { request: Pending; index: number }[] = [];
    for (const request of this.queue.filter((r) => r.signal?.aborted)) request.reject(request.signal!.reason);
    this.queue = this.queue.filter((r) => !r.signal?.aborted);
    let open = this.queue.filter((r) => r.taken < r.texts.length);
    while (batch.length < this.batchSize && open.length > 0) {
      for (const request of open) {
        if (batch.length >= this.batchSize) break;
        batch.push({ request, index: request.taken++ });
      }
      open = open.filter((r) => r.taken < r.texts.length);
    }
    return batch;
  }

  /**
   * Embeds one batch. When a batch shared by several requests fails, each request's part is
   * tried alone, so one document's bad text (or a fault it triggers) fails only that document.
   */
  private async run(batch: { request: Pending; index: number }[]): Promise<void> {
    const requests = [...new Set(batch.map(({ request }) => request))];
    const attempt = async (items: typeof batch): Promise<unknown> => {
      try {
        const vectors = await this.embedder.embedDocuments(items.map(({ request, index }) => request.texts[index]));
        items.forEach(({ request, index }, k) => {
          request.vectors[index] = vectors[k];
          request.done++;
        });
        return null;
      } catch (err) {
        return err ?? new Error('embedding failed');
      }
    };
    if (requests.length > 1 && (await attempt(batch)) === null) return;
    for (const request of requests) {
      const err = await attempt(batch.filter((item) => item.request === request));
      if (err === null) continue;
      request.reject(err);
      this.queue = this.queue.filter((r) => r !== request);
    }
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (let batch = this.nextBatch(); batch.length > 0; batch = this.nextBatch()) {
        await this.run(batch);
        for (const request of this.queue.filter((r) => r.done === r.texts.length)) request.resolve(request.vectors);
        this.queue = this.queue.filter((r) => r.done < r.texts.length);
        // Requests queued behind ingestion (pages, search) get the event loop between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.pumping = false;
    }
  }
}

const batched = new WeakMap<Embedder, Embedder>();

/** The context with document embedding going through one shared EmbedBatcher per embedder. */
export function withBatchedEmbedding(context: EmbeddingContext, batchSize: number): EmbeddingContext {
  let embedder = batched.get(context.embedder);
  if (!embedder) {
    const inner = context.embedder;
    const batcher = new EmbedBatcher(inner, batchSize);
    embedder = {
      model: inner.model,
      dim: inner.dim,
      maxTokens: inner.maxTokens,
      tokenizer: inner.tokenizer,
      embedDocuments: (texts, signal) => batcher.embed(texts, signal),
      embedQuery: (text, signal) => inner.embedQuery(text, signal),
    };
    batched.set(context.embedder, embedder);
  }
  return { embedder, space: context.space };
}
