import { getStorageStats, type StorageStats } from '@/db/queries/stats';
import { type EmbeddingIndexView, getEmbeddingIndexView } from './reindex/change';
import { getDatabase } from './runtime';

export interface SystemStatus extends StorageStats {
  database: { kind: 'pglite' | 'postgres' };
  memory: { rssBytes: number; heapUsedBytes: number };
  uptimeSeconds: number;
  /** The embedding model search uses, and a re-index to another one with its progress. */
  embeddingIndex: EmbeddingIndexView;
}

/** For the admin status panel; model readiness comes from /api/health. */
export async function getSystemStatus(): Promise<SystemStatus> {
  const db = await getDatabase();
  const memory = process.memoryUsage();
  return {
    database: { kind: db.kind },
    ...(await getStorageStats(db)),
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    uptimeSeconds: Math.round(process.uptime()),
    embeddingIndex: await getEmbeddingIndexView(db),
  };
}
