import { loadTokenizer } from '../embeddings/tokenizer-load';
import type { Tokenizer, TokenizerSpec } from '../embeddings/types';
import { prepareContent, type PrepareOptions, type PreparedContent } from './prepare';

/** One document for the parse worker; `bytes` is transferred, not copied. */
export interface PrepareJob {
  bytes: Uint8Array;
  mimeType: string;
  tokenizer: TokenizerSpec;
  options: PrepareOptions;
}

/** An error as it crosses back to the server's thread, which rebuilds the AppError from it. */
export interface SerialisedError {
  name: string;
  message: string;
  code?: string;
  status?: number;
}

export type PrepareMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'parsed' }
  | { type: 'done'; result: PreparedContent }
  | { type: 'error'; error: SerialisedError };

// A worker serves many documents one after another; the vocabulary is read once per model.
const tokenizers = new Map<string, Promise<Tokenizer>>();

/** Runs one job inside the parse worker (prepare-worker-source.ts), posting progress and the result. */
export async function runPrepareJob(job: PrepareJob, post: (message: PrepareMessage) => void): Promise<void> {
  try {
    const key = JSON.stringify(job.tokenizer);
    let tokenizer = tokenizers.get(key);
    if (!tokenizer) tokenizers.set(key, (tokenizer = loadTokenizer(job.tokenizer)));
    const result = await prepareContent(job.bytes, job.mimeType, await tokenizer, job.options, {
      onParseProgress: (fraction) => post({ type: 'progress', fraction }),
      onParsed: () => post({ type: 'parsed' }),
    });
    post({ type: 'done', result });
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown; code?: unknown; status?: unknown };
    post({
      type: 'error',
      error: {
        name: typeof err?.name === 'string' ? err.name : 'Error',
        message: typeof err?.message === 'string' ? err.message : String(e),
        code: typeof err?.code === 'string' ? err.code : undefined,
        status: typeof err?.status === 'number' ? err.status : undefined,
      },
    });
  }
}
