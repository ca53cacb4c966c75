import { chatModelStatus } from './chat/providers';
import { databaseUnavailable, isDatabaseUnavailable } from './db-availability';
import { env } from './env';
import { describeError } from './errors';
import { getEmbedder } from './embeddings';
import { EMBEDDERS } from './models';
import { activeEmbeddingModel, getDatabase } from './runtime';
import { loadOpenAIApiKey } from './provider-keys';
import { loadSettings } from './settings';

export interface ComponentStatus {
  ready: boolean;
  /** What is missing and how to provide it, when not ready. */
  error?: string;
}

export interface Health {
  status: 'ok';
  database: { kind: 'pglite' | 'postgres' };
  embedder: { model: string; dim: number } & ComponentStatus;
  llm: { provider: string; model: string } & ComponentStatus;
}

const LOAD_WAIT_MS = 50;

/**
 * The embedder's state without waiting for a load: health answers at once while a model
 * loads (ready:false), and a failed load reports its own message (e.g. run models:fetch).
 */
async function embedderHealth(model: string): Promise<Health['embedder']> {
  const known = EMBEDDERS[model]?.dim ?? 0;
  const pending = getEmbedder(model);
  const settled = await Promise.race([
    pending.then(
      (embedder) => ({ model, dim: embedder.dim, ready: true }),
      (err: unknown) => ({ model, dim: known, ready: false, error: describeError(err) }),
    ),
    new Promise<Health['embedder']>((resolve) =>
      setTimeout(() => resolve({ model, dim: known, ready: false, error: 'The embedding model is still loading.' }), LOAD_WAIT_MS),
    ),
  ]);
  return settled;
}

/** 200 as soon as the database is migrated; models report what is missing and how to fix it. */
export async function getHealth(): Promise<Health> {
  const db = await getDatabase();
  return {
    status: 'ok',
    database: { kind: db.kind },
    // The model search uses: during a re-index the old one, until the switch.
    embedder: await embedderHealth(await activeEmbeddingModel()),
    // An unreadable stored key shows as not configured here; chat answers say why (503).
    llm: chatModelStatus({ ...(await loadSettings(db)), openaiApiKey: await loadOpenAIApiKey(db).catch(() => undefined) }),
  };
}

/**
 * GET /api/health: 200 with the components' state, or 503 database_unavailable with the
 * database's state when it cannot be reached, so a monitor or load balancer can tell.
 */
export async function healthResponse(): Promise<Response> {
  try {
    return Response.json(await getHealth());
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    console.error('[health] database unavailable:', describeError(err));
    const { code, message, status, headers } = databaseUnavailable();
    return Response.json(
      {
        status: 'unavailable',
        database: { kind: env().DATABASE_URL ? 'postgres' : 'pglite', ready: false, error: message },
        error: { code, message },
      },
      { status, headers: { ...headers, 'Cache-Control': 'no-store' } },
    );
  }
}
