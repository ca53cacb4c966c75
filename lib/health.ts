import { env } from './env';
import { getDatabase } from './runtime';
import { embedderStatus } from './embeddings';

export interface Health {
  status: 'ok';
  database: { kind: 'pglite' | 'postgres' };
  embedder: { model: string; dim: number; ready: boolean; error?: string };
  llm: { provider: string; model: string; ready: boolean; error?: string };
}

/** 200 as soon as the database is migrated; models report what is missing and how to fix it. */
export async function getHealth(): Promise<Health> {
  const db = await getDatabase();
  const e = env();
  const embedder = await embedderStatus(e.EMBEDDING_MODEL);
  return {
    status: 'ok',
    database: { kind: db.kind },
    embedder,
    llm: {
      provider: e.LLM_PROVIDER,
      model: e.LLM_MODEL ?? 'not configured',
      ready: false,
      error: 'Chat generation is not available in this version yet.',
    },
  };
}
