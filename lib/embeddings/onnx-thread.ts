import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { env } from '../env';

export interface OnnxThreadOptions {
  modelsDir: string;
  model: string;
  dtype: string;
  allowDownloads: boolean;
  /** Threads ONNX Runtime computes with; default embeddingThreads(). */
  threads?: number;
  /** How token states become one vector: the mean over tokens, or the [CLS] token's (BGE). */
  pooling?: 'mean' | 'cls';
  /**
   * Background work (documents, not a waiting question): the thread lowers its own scheduling
   * priority, see BACKGROUND_NICE.
   */
  background?: boolean;
}

/**
 * Nice value of background threads (document embedding, parsing). On Linux a nice value is a
 * thread's own and new threads inherit it, so ONNX Runtime's compute threads started from such a
 * thread yield the cores to the server's thread and the query thread whenever both want them.
 */
export const BACKGROUND_NICE = 10;

/** Token ids and attention mask of one padded batch, row-major [rows, width]. */
export interface PaddedBatch {
  inputIds: BigInt64Array<ArrayBuffer>;
  mask: BigInt64Array<ArrayBuffer>;
  rows: number;
  width: number;
}

/** Every core but one (at least one): web requests keep a core while documents embed. */
export function embeddingThreads(): number {
  return env().EMBEDDING_THREADS ?? Math.max(1, os.availableParallelism() - 1);
}

/**
 * The embedding model in a worker thread (onnx-worker.mjs): a batch's ONNX run blocks the
 * thread it runs on, so the server's own thread only pads batches and awaits results. Returns
 * the mean-pooled, L2-normalised vectors, `dim` per row.
 */
export async function startOnnxThread(opts: OnnxThreadOptions): Promise<{ embed(batch: PaddedBatch): Promise<Float32Array>; close(): Promise<void> }> {
  const worker = new Worker(path.join(process.cwd(), 'lib', 'embeddings', 'onnx-worker.mjs'), {
    workerData: { ...opts, threads: opts.threads ?? embeddingThreads(), nice: opts.background ? BACKGROUND_NICE : 0 },
  });
  // An idle embedding thread must not keep a CLI or test process alive.
  worker.unref();
  const pending = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | null = null;

  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { type: string; error?: string }) => {
      if (message.type === 'ready') resolve();
      else reject(new Error(message.error ?? 'the embedding thread did not start'));
    });
  });
  const failAll = (err: Error) => {
    failure = err;
    pending.forEach(({ reject }) => reject(err));
    pending.clear();
  };
  worker.on('message', (message: { type: string; id: number; data?: Float32Array; error?: string }) => {
    const waiter = pending.get(message.id);
    if (message.type !== 'result' || !waiter) return;
    pending.delete(message.id);
    if (message.data) waiter.resolve(message.data);
    else waiter.reject(new Error(message.error ?? 'embedding failed'));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the embedding thread exited (code ${code})`)));

  return {
    embed(batch) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // While a batch is out, the thread must keep the process alive to deliver it.
        worker.ref();
        worker.postMessage({ id, ...batch }, [batch.inputIds.buffer, batch.mask.buffer]);
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      }) as Promise<Float32Array>;
    },
    async close() {
      await worker.terminate();
    },
  };
}
