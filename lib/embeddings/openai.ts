import OpenAI from 'openai';
import { env } from '../env';
import { AppError, describeError } from '../errors';
import type { Embedder, Tokenizer } from './types';

export const OPENAI_PREFIX = 'openai:';

/** Dimensions and input limits of OpenAI's own models; any other model is probed on load. */
const KNOWN: Record<string, { dim: number; maxTokens: number }> = {
  'text-embedding-3-small': { dim: 1536, maxTokens: 8191 },
  'text-embedding-3-large': { dim: 3072, maxTokens: 8191 },
  'text-embedding-ada-002': { dim: 1536, maxTokens: 8191 },
};
/** For unknown models on compatible servers (Ollama, vLLM, LM Studio): a limit most of them accept. */
const FALLBACK_MAX_TOKENS = 512;

export interface OpenAIEmbedderOptions {
  apiKey?: string;
  baseURL?: string;
  /** Inputs per request; the API takes up to 2048, compatible servers often fewer. */
  batchSize?: number;
  /**
   * Retries of a transient failure (connection refused or reset, 408/409/429, 5xx) before a
   * request gives up. The SDK backs off 0.5 s doubling to 8 s, or waits what Retry-After says
   * (up to a minute): 6 retries ride out about half a minute of a restarting server.
   */
  maxRetries?: number;
}

/**
 * The embeddings server is down or overloaded even after the retries: the ingest worker puts
 * the document back in the queue without counting an attempt, so an outage never fails an upload.
 */
export class EmbedderBusyError extends AppError {
  constructor(message: string) {
    super('embedder_unavailable', message, 503);
  }
}

function isTransient(e: unknown): boolean {
  if (e instanceof OpenAI.APIConnectionError) return true; // refused, reset, timed out
  const status = e instanceof OpenAI.APIError ? e.status : undefined;
  return status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500);
}

/**
 * An approximate tokenizer: OpenAI's BPE vocabularies are not shipped here, so pieces are
 * counted the way cl100k behaves on average — a word piece per up to 4 letters or digits, one
 * per punctuation mark — which lands within about 15% for English prose. Ids are stable
 * hashes of the pieces: good for counting and comparing, not for decoding.
 */
export const approximateTokenizer: Tokenizer = {
  spec: { kind: 'approximate' },
  encode(text) {
    const ids: number[] = [];
    for (const [piece] of text.matchAll(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu)) {
      for (let i = 0; i < piece.length; i += 4) ids.push(hash(piece.slice(i, i + 4)));
    }
    return ids;
  },
  count(text) {
    return this.encode(text).length;
  },
};

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Compatible servers do not always normalise; the Embedder contract says vectors are unit length. */
function normalised(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

function unavailable(model: string, e: unknown): AppError {
  const status = e instanceof OpenAI.APIError ? e.status : undefined;
  const hint =
    status === 401 || status === 403
      ? 'check EMBEDDING_API_KEY (or OPENAI_API_KEY)'
      : status === 404
        ? `check that the server offers the model ${model}`
        : 'check EMBEDDING_BASE_URL (or OPENAI_BASE_URL) and that the server is running';
  if (isTransient(e)) return new EmbedderBusyError(`The embedding endpoint failed for ${model} after retries (${describeError(e)}); ${hint}.`);
  return new AppError('embedder_unavailable', `The embedding endpoint failed for ${model} (${describeError(e)}); ${hint}.`, 503);
}

export async function loadOpenAIEmbedder(modelId: string, options: OpenAIEmbedderOptions = {}): Promise<Embedder> {
  const name = modelId.startsWith(OPENAI_PREFIX) ? modelId.slice(OPENAI_PREFIX.length) : modelId;
  // An embeddings server of its own (TEI, Infinity, vLLM) when set; else the chat settings'.
  const ownServer = Boolean(options.baseURL ?? env().EMBEDDING_BASE_URL);
  const apiKey = options.apiKey ?? env().EMBEDDING_API_KEY ?? (ownServer ? undefined : env().OPENAI_API_KEY);
  const baseURL = options.baseURL ?? env().EMBEDDING_BASE_URL ?? env().OPENAI_BASE_URL;
  if (!apiKey && !baseURL) {
    throw new AppError(
      'embedder_not_configured',
      `EMBEDDING_MODEL=${modelId} needs EMBEDDING_BASE_URL for an embeddings server, or OPENAI_API_KEY for OpenAI.`,
      503,
    );
  }
  // Local compatible servers need no key, but the SDK refuses to start without one.
  const client = new OpenAI({ apiKey: apiKey ?? 'unused', baseURL, maxRetries: options.maxRetries ?? 6 });
  const batchSize = Math.max(1, options.batchSize ?? 256);

  async function request(input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    try {
      const res = await client.embeddings.create({ model: name, input, encoding_format: 'float' }, { signal });
      const rows = [...res.data].sort((a, b) => a.index - b.index);
      if (rows.length !== input.length) throw new Error(`asked for ${input.length} embeddings, got ${rows.length}`);
      return rows.map((r) => normalised(r.embedding));
    } catch (e) {
      if (signal?.aborted) throw e;
      throw unavailable(modelId, e);
    }
  }

  const known = KNOWN[name];
  const dim = known?.dim ?? (await request(['dimension probe']))[0].length;

  async function embedDocuments(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      signal?.throwIfAborted();
      // The API rejects empty strings; a single space embeds as "nothing" just as well.
      const batch = texts.slice(i, i + batchSize).map((t) => (t.trim() ? t : ' '));
      const vectors = await request(batch, signal);
      for (const v of vectors) {
        if (v.length !== dim) throw unavailable(modelId, new Error(`expected ${dim} dimensions, got ${v.length}`));
        out.push(v);
      }
    }
    return out;
  }

  return {
    model: modelId,
    dim,
    maxTokens: known?.maxTokens ?? FALLBACK_MAX_TOKENS,
    tokenizer: approximateTokenizer,
    embedDocuments,
    embedQuery: async (text, signal) => (await embedDocuments([text], signal))[0],
  };
}
