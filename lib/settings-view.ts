import type { Database } from '@/db';
import { resolveChatConfig } from './chat/providers';
import { type ChangeOutcome, embeddingModelChoices, type EmbeddingIndexView, getEmbeddingIndexView, prepareEmbeddingModelChange } from './reindex/change';
import { checkEffectiveChunking, type ChunkLimit, embedderChunkLimit } from './chunk-limit';
import { env } from './env';
import { ensureIngestWorker } from './ingest/background';
import { clearOpenAIApiKey, openAIApiKeyState, storeOpenAIApiKey } from './provider-keys';
import { chosenEmbeddingModel, forgetActiveEmbeddingModel } from './runtime';
import { defaultSettings, loadSettings, saveSettings, type Settings, type SettingsPatch } from './settings';

/**
 * The settings as GET /api/settings shows them: every editable field (the LLM fields null when
 * the environment decides), whether an OpenAI key is set — never the key — and what is fixed.
 */
export interface SettingsView extends Omit<Settings, 'llmProvider' | 'llmModel' | 'openaiBaseUrl'> {
  llmProvider: Settings['llmProvider'] | null;
  llmModel: string | null;
  openaiBaseUrl: string | null;
  openaiApiKeySet: boolean;
  /** False when a stored key no longer opens (the secret key changed); enter it again. */
  openaiApiKeyReadable: boolean;
  openaiApiKeyFromEnv: boolean;
  /**
   * The chosen embedding model (the setting, else EMBEDDING_MODEL). Changing it re-indexes every
   * document in the background; `embeddingIndex` says which model search uses meanwhile.
   */
  embeddingModel: string;
  embeddingIndex: EmbeddingIndexView;
  /** Suggestions for the field: known, provisioned and previously used models. */
  embeddingModelChoices: string[];
  /** The embedder's token limit, which caps the chunk size (null: the embedder is not available now). */
  chunkLimit: ChunkLimit | null;
  /** What each field falls back to when reset: built-in defaults, and the environment for the LLM and embedder. */
  defaults: Omit<Settings, 'llmProvider' | 'llmModel' | 'openaiBaseUrl'> & {
    llmProvider: string;
    llmModel: string;
    openaiBaseUrl: string | null;
    embeddingModel: string;
  };
}

/** Fields GET shows that PUT accepts back and ignores, so a GET → edit → PUT round trip works. */
export const READ_ONLY_KEYS = [
  'openaiApiKeySet',
  'openaiApiKeyReadable',
  'openaiApiKeyFromEnv',
  'embeddingIndex',
  'embeddingModelChoices',
  'chunkLimit',
  'defaults',
] as const;

export async function getSettingsView(db: Database): Promise<SettingsView> {
  const settings = await loadSettings(db);
  const key = await openAIApiKeyState(db);
  const fromEnv = resolveChatConfig({});
  return {
    ...settings,
    llmProvider: settings.llmProvider ?? null,
    llmModel: settings.llmModel ?? null,
    openaiBaseUrl: settings.openaiBaseUrl ?? null,
    openaiApiKeySet: key.stored,
    openaiApiKeyReadable: key.readable,
    openaiApiKeyFromEnv: key.fromEnv,
    embeddingModel: await chosenEmbeddingModel(db),
    embeddingIndex: await getEmbeddingIndexView(db),
    embeddingModelChoices: await embeddingModelChoices(db),
    chunkLimit: await embedderChunkLimit(),
    defaults: {
      ...defaultSettings,
      llmProvider: fromEnv.provider,
      llmModel: fromEnv.model,
      openaiBaseUrl: fromEnv.baseURL ?? null,
      embeddingModel: env().EMBEDDING_MODEL,
    },
  };
}

export async function updateSettings(db: Database, patch: SettingsPatch): Promise<SettingsView> {
  const { openaiApiKey, embeddingModel, ...rest } = patch;
  // Checked and loaded before anything is written, so a bad model changes no setting.
  const changeEmbedding = embeddingModel === undefined ? null : await prepareEmbeddingModelChange(db, embeddingModel);
  let outcome: ChangeOutcome = 'unchanged';
  const limit = rest.chunkTokens !== undefined || rest.chunkOverlap !== undefined ? await embedderChunkLimit() : null;
  await saveSettings(db, rest, async (tx) => {
    if (openaiApiKey === null) await clearOpenAIApiKey(tx);
    else if (openaiApiKey) await storeOpenAIApiKey(tx, openaiApiKey);
    if (changeEmbedding) outcome = await changeEmbedding(tx);
  }, (next) => checkEffectiveChunking(next, limit));
  if (outcome !== 'unchanged') {
    forgetActiveEmbeddingModel();
    ensureIngestWorker().notify();
  }
  return getSettingsView(db);
}
