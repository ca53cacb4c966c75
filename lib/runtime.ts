import { openDatabase, type Database } from '@/db';
import { ensureEmbeddingSpace, type EmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from './embeddings';
import type { Embedder } from './embeddings/types';
import { env } from './env';

/**
 * Process-wide singletons. Next.js may load this module once per route bundle, so the state
 * lives on globalThis: two PGlite instances on one data directory would corrupt it, and the
 * embedding model must be loaded once.
 */
interface RuntimeState {
  db?: Promise<Database>;
  spaces: Map<string, Promise<EmbeddingSpace>>;
  shutdownHooks: (() => Promise<void>)[];
}

const globalState = globalThis as typeof globalThis & { __docentRuntime?: RuntimeState };
const state: RuntimeState = (globalState.__docentRuntime ??= { spaces: new Map(), shutdownHooks: [] });

export function getDatabase(): Promise<Database> {
  if (!state.db) {
    const { DATABASE_URL, DATA_DIR } = env();
    state.db = openDatabase({ url: DATABASE_URL, dataDir: DATA_DIR });
    // A failed open (database down, bad URL) is retried on the next request.
    state.db.catch(() => (state.db = undefined));
  }
  return state.db;
}

export interface EmbeddingContext {
  embedder: Embedder;
  space: EmbeddingSpace;
}

/** The configured embedder, loaded once, with its embedding space registered. */
export async function getEmbeddingContext(modelId = env().EMBEDDING_MODEL): Promise<EmbeddingContext> {
  const embedder = await getEmbedder(modelId);
  let space = state.spaces.get(embedder.model);
  if (!space) {
    space = getDatabase().then((db) => ensureEmbeddingSpace(db, embedder.model, embedder.dim));
    state.spaces.set(embedder.model, space);
    space.catch(() => state.spaces.delete(embedder.model));
  }
  return { embedder, space: await space };
}

/** Registers work to finish or hand back before the process exits. */
export function onShutdown(hook: () => Promise<void>): void {
  state.shutdownHooks.push(hook);
}

export async function shutdownRuntime(): Promise<void> {
  for (const hook of state.shutdownHooks.splice(0)) await hook().catch(() => undefined);
  const db = state.db;
  state.db = undefined;
  state.spaces.clear();
  if (db) await (await db.catch(() => null))?.close();
}
