import { env } from '../env';
import { loadOpenAIEmbedder, OPENAI_PREFIX } from './openai';
import { loadTransformersEmbedder } from './transformers';
import type { Embedder } from './types';

export type { Embedder } from './types';

/**
 * One embedder per model id per process. An ONNX session holds ~100 MB and its thread pool,
 * and cannot be freed reliably; loading it twice doubles memory and makes two pools fight over
 * the cores. Next.js may evaluate this module once per bundle (route handlers, instrumentation,
 * the worker), so a module-level variable is not enough: the map lives on globalThis under a
 * registered symbol. The promise is stored, not the embedder, so concurrent first callers share
 * one load; a failed load is forgotten so that a later call (after `models:fetch`) can retry.
 */
const KEY = Symbol.for('docent.embedders');
type Store = Map<string, Promise<Embedder>>;

function store(): Store {
  const holder = globalThis as typeof globalThis & { [KEY]?: Store };
  holder[KEY] ??= new Map();
  return holder[KEY];
}

function load(modelId: string): Promise<Embedder> {
  return modelId.startsWith(OPENAI_PREFIX) ? loadOpenAIEmbedder(modelId) : loadTransformersEmbedder(modelId);
}

/** The embedder for `modelId` (default: EMBEDDING_MODEL), loaded on first use. */
export function getEmbedder(modelId: string = env().EMBEDDING_MODEL): Promise<Embedder> {
  const embedders = store();
  let pending = embedders.get(modelId);
  if (!pending) {
    pending = load(modelId);
    embedders.set(modelId, pending);
    pending.catch(() => {
      if (embedders.get(modelId) === pending) embedders.delete(modelId);
    });
  }
  return pending;
}

/** Forgets loaded embedders (tests that change MODELS_DIR). Sessions already created stay in memory. */
export function resetEmbedders(): void {
  store().clear();
}
