import { z } from 'zod';
import type { Queryable } from '@/db';

/**
 * Retrieval and ingestion settings. Defaults here; admin overrides are rows in the settings
 * table, validated on read so a bad row can never break search.
 */
export const DEFAULT_SYSTEM_PROMPT =
  'You are Docent, an assistant that answers questions using only the numbered sources provided. ' +
  'Cite every claim with the number of its source in square brackets, like [1] or [2][3]. ' +
  'If the sources do not contain the answer, say plainly that the documents do not answer it. ' +
  'Be concise.';

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
  systemPrompt: z.string().max(8000).default(DEFAULT_SYSTEM_PROMPT),
  temperature: z.number().min(0).max(2).default(0.2),
  maxTokens: z.number().int().min(16).max(8192).default(512),
  /** Unset: LLM_PROVIDER / LLM_MODEL / OPENAI_BASE_URL from the environment. */
  llmProvider: z.enum(['local', 'openai']).optional(),
  llmModel: z.string().min(1).max(500).optional(),
  openaiBaseUrl: z.string().url().max(500).optional(),
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
