import { z } from 'zod';
import type { Queryable } from '@/db';

/**
 * Retrieval and ingestion settings. Defaults here; admin overrides are rows in the settings
 * table, validated on read so a bad row can never break search.
 */
export const retrievalModes = ['hybrid', 'vector', 'keyword'] as const;
export type RetrievalMode = (typeof retrievalModes)[number];

export const settingsSchema = z.object({
  topK: z.number().int().min(1).max(100).default(6),
  retrievalMode: z.enum(retrievalModes).default('hybrid'),
  chunkTokens: z.number().int().min(32).max(2048).default(256),
  chunkOverlap: z.number().int().min(0).max(512).default(32),
  /** HNSW candidate list; higher = better recall, slower. */
  efSearch: z.number().int().min(10).max(1000).default(100),
  /** Reciprocal rank fusion constant (Cormack et al. use 60). */
  rrfK: z.number().int().min(1).max(1000).default(60),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

export async function loadSettings(q: Queryable): Promise<Settings> {
  const { rows } = await q.query<{ key: string; value: unknown }>('SELECT key, value FROM settings');
  const stored: Record<string, unknown> = {};
  for (const row of rows) stored[row.key] = row.value;
  const merged = { ...defaultSettings };
  // Each stored value is checked on its own, so one bad row falls back to its default alone.
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    if (!(key in stored)) continue;
    const parsed = settingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data;
  }
  return merged;
}
