import { openDatabase, type Database } from '@/db';
import { activateSpaceIfUnset, getEmbeddingIndexState } from '@/db/queries/embedding-index';
import { ensureEmbeddingSpace, type EmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from './embeddings';
import { chosenEmbeddingModel } from './embeddings/chosen-model';
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
  /** The active model's name as last read, for getActiveEmbeddingContext. */
  activeModel?: { name: string; at: number };
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

/** The embedder for one model, loaded once per process, with its embedding space registered. */
async function contextFor(modelId: string): Promise<EmbeddingContext> {
  const embedder = await getEmbedder(modelId);
  let space = state.spaces.get(embedder.model);
  if (!space) {
    space = getDatabase().then((db) => ensureEmbeddingSpace(db, embedder.model, embedder.dim));
    state.spaces.set(embedder.model, space);
    space.catch(() => state.spaces.delete(embedder.model));
  }
  return { embedder, space: await space };
}

export { chosenEmbeddingModel };

/**
 * With a model id: that model's context. Without: the *active* embedding space's — the one
 * search, chat and ingestion use, read from the database on every call because a re-index
 * in any process may switch it (lib/reindex/change.ts). A fresh database has none yet:
 * the chosen model's space becomes active.
 */
export async function getEmbeddingContext(modelId?: string): Promise<EmbeddingContext> {
  return modelId !== undefined ? contextFor(modelId) : getActiveEmbeddingContext(0);
}

/**
 * The active space's context, trusting a name read in this process less than `maxAgeMs` ago.
 * Only for writers that check the space again when they commit (the ingestion worker: see
 * assertSpaceWritable); search reads it fresh, since the old chunks go when the space switches.
 */
export async function getActiveEmbeddingContext(maxAgeMs: number): Promise<EmbeddingContext> {
  const memo = state.activeModel;
  if (memo && Date.now() - memo.at < maxAgeMs) return contextFor(memo.name);
  const db = await getDatabase();
  const { active } = await getEmbeddingIndexState(db);
  let context: EmbeddingContext;
  if (active) context = await contextFor(active.name);
  else {
    const chosen = await contextFor(await chosenEmbeddingModel(db));
    const now = (await activateSpaceIfUnset(db, chosen.space.id)) ? null : (await getEmbeddingIndexState(db)).active;
    context = now && now.id !== chosen.space.id ? await contextFor(now.name) : chosen;
  }
  state.activeModel = { name: context.embedder.model, at: Date.now() };
  return context;
}

/** After this process switched or set the active space: the next read goes to the database. */
export function forgetActiveEmbeddingModel(): void {
  state.activeModel = undefined;
}

/** The active model's name without loading it (health); the chosen one on a fresh database. */
export async function activeEmbeddingModel(): Promise<string> {
  const db = await getDatabase();
  return (await getEmbeddingIndexState(db)).active?.name ?? (await chosenEmbeddingModel(db));
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
  state.activeModel = undefined;
  if (db) await (await db.catch(() => null))?.close();
}
