import { z } from 'zod';
import type { Database, Queryable } from '@/db';
import { deleteSettingByKey, listSettingRows, upsertSetting } from '@/db/queries/settings';
import { badRequest } from './errors';

/**
 * Retrieval, ingestion and chat settings. Defaults here; admin overrides are rows in the
 * settings table (key → jsonb), validated on write and again on read, so a bad row can never
 * break search. Nothing here is ever written to .env or handed to a shell.
 */
export const DEFAULT_SYSTEM_PROMPT =
  'You are Docent, an assistant that answers questions using only the numbered sources provided. ' +
  'Cite every claim with the number of its source in square brackets, like [1] or [2][3]. ' +
  'If the sources do not contain the answer, say plainly that the documents do not answer it. ' +
  'Be concise.';

export const retrievalModes = ['hybrid', 'vector', 'keyword'] as const;
export type RetrievalMode = (typeof retrievalModes)[number];
export const llmProviders = ['local', 'openai'] as const;

// `NAME=value` is how an environment variable is smuggled into a .env file or a shell line.
const ENV_ASSIGNMENT = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/m;
const notEnvAssignment = (s: string) => !ENV_ASSIGNMENT.test(s);
const ASSIGNMENT_MESSAGE = 'must not look like an environment assignment (NAME=…)';

/** A GGUF path or file name, an `hf:` or https URI, or a remote model name: one line, no quotes or spaces. */
const modelSpec = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9._\-/:@+~?&=%#]+$/, 'must be a model name, a GGUF path or file name, or an hf: URI (no spaces, quotes or line breaks)')
  .refine(notEnvAssignment, ASSIGNMENT_MESSAGE);

const baseUrl = z
  .string()
  .max(500)
  .regex(/^https?:\/\/[^\s"'`<>\\]+$/, 'must be an http:// or https:// URL on one line')
  .refine((s) => URL.canParse(s), 'must be a valid URL');

/** Line breaks and tabs are prompt text; other control characters are not. */
const systemPrompt = z
  .string()
  .max(8000)
  .refine((s) => s.trim().length > 0, 'must not be empty')
  .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters')
  .refine(notEnvAssignment, `lines ${ASSIGNMENT_MESSAGE}`);

const fields = {
  topK: z.number().int().min(1).max(100),
  retrievalMode: z.enum(retrievalModes),
  chunkTokens: z.number().int().min(32).max(2048),
  chunkOverlap: z.number().int().min(0).max(512),
  /** HNSW candidate list; higher = better recall, slower. */
  efSearch: z.number().int().min(10).max(1000),
  /** Reciprocal rank fusion constant (Cormack et al. use 60). */
  rrfK: z.number().int().min(1).max(1000),
  systemPrompt,
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().min(16).max(8192),
  llmProvider: z.enum(llmProviders),
  llmModel: modelSpec,
  openaiBaseUrl: baseUrl,
  /** How chats answer unless they choose: generate with the model, or quote the sources (lib/chat/quotes.ts). */
  answerMode: z.enum(['generate', 'quotes']),
  /** `cite-every-sentence`: a grammar makes local models end every sentence with a citation (lib/chat/providers/citation-grammar.ts). */
  citationFormat: z.enum(['free', 'cite-every-sentence']),
};

export const settingsSchema = z.object({
  topK: fields.topK.default(6),
  retrievalMode: fields.retrievalMode.default('hybrid'),
  chunkTokens: fields.chunkTokens.default(256),
  chunkOverlap: fields.chunkOverlap.default(32),
  efSearch: fields.efSearch.default(400), // recall@10 ≥ 0.95 at 100k chunks needs 400 (200: 0.92–0.93); docs/benchmarks.md
  rrfK: fields.rrfK.default(5), // best of 5/10/20/60 on the whole SciFact train split with both embedders (BM25 keyword ranking); docs/benchmarks.md
  systemPrompt: fields.systemPrompt.default(DEFAULT_SYSTEM_PROMPT),
  temperature: fields.temperature.default(0.2),
  maxTokens: fields.maxTokens.default(512),
  /** Unset: LLM_PROVIDER / LLM_MODEL / OPENAI_BASE_URL from the environment. */
  llmProvider: fields.llmProvider.optional(),
  llmModel: fields.llmModel.optional(),
  openaiBaseUrl: fields.openaiBaseUrl.optional(),
  /** Unset: generate (lib/chat/answer-choices.ts). */
  answerMode: fields.answerMode.optional(),
  /** Unset: free (the model cites as it will). */
  citationFormat: fields.citationFormat.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;
export const settingKeys = Object.keys(fields) as SettingKey[];

export const defaultSettings: Settings = settingsSchema.parse({});

/** An API key: printable, one line, no quotes or spaces (base64 and `sk-…` keys fit). */
export const apiKeySchema = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9._~+/=:-]*$/, 'must be one line of letters, digits and . _ ~ + / = : - (no spaces or quotes)')
  .refine(notEnvAssignment, ASSIGNMENT_MESSAGE);

type Nullable<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };

/**
 * A settings change: any subset of the fields; `null` puts a field back to its default (for the
 * LLM fields: back to the environment). Unknown keys are an error, never silently stored.
 * `openaiApiKey`: a value replaces the stored key, `null` clears it, "" or absent leaves it.
 */
export const settingsPatchSchema = z.strictObject({
  ...(Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, s.nullable().optional()])) as Nullable<typeof fields>),
  openaiApiKey: apiKeySchema.nullable().optional(),
  /** Checked in full (known model?) by lib/reindex/change.ts; a change starts a re-index. */
  embeddingModel: z.string().max(500).nullable().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export async function loadSettings(q: Queryable): Promise<Settings> {
  const stored: Record<string, unknown> = {};
  for (const row of await listSettingRows(q)) stored[row.key] = row.value;
  const merged = { ...defaultSettings };
  // Each stored value is checked on its own, so one bad row falls back to its default alone.
  for (const key of settingKeys) {
    if (!(key in stored)) continue;
    const parsed = settingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data;
  }
  return merged;
}

/** Rules across fields, checked on the settings as they would be after a change. */
export function checkSettings(settings: Settings): void {
  if (settings.chunkOverlap >= settings.chunkTokens) {
    throw badRequest('invalid_settings', 'Chunk overlap must be smaller than the chunk size; lower the overlap or raise the chunk size.');
  }
}

/**
 * Applies a validated patch in one transaction. Secrets are not handled here (see
 * lib/provider-keys.ts); `extra` lets the caller write them in the same transaction.
 */
export async function saveSettings(
  db: Database,
  patch: Omit<SettingsPatch, 'openaiApiKey' | 'embeddingModel'>,
  extra?: (tx: Queryable) => Promise<void>,
  /** Cross-field rules that need more than the settings (the embedder's chunk limit). */
  check?: (next: Settings) => void,
): Promise<Settings> {
  const next: Record<string, unknown> = { ...(await loadSettings(db)) };
  for (const key of settingKeys) {
    const value = patch[key];
    if (value === null) next[key] = defaultSettings[key];
    else if (value !== undefined) next[key] = value;
  }
  checkSettings(next as Settings);
  check?.(next as Settings);
  await db.transaction(async (tx) => {
    for (const key of settingKeys) {
      const value = patch[key];
      if (value === null) await deleteSettingByKey(tx, key);
      else if (value !== undefined) await upsertSetting(tx, key, value);
    }
    await extra?.(tx);
  });
  return loadSettings(db);
}
