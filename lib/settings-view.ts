import type { Database } from '@/db';
import { resolveChatConfig } from './chat/providers';
import { env } from './env';
import { clearOpenAIApiKey, openAIApiKeyState, storeOpenAIApiKey } from './provider-keys';
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
  /** Read-only here: changing it needs a re-index (set EMBEDDING_MODEL and restart). */
  embeddingModel: string;
  /** What each field falls back to when reset: built-in defaults, and the environment for the LLM. */
  defaults: Omit<Settings, 'llmProvider' | 'llmModel' | 'openaiBaseUrl'> & {
    llmProvider: string;
    llmModel: string;
    openaiBaseUrl: string | null;
  };
}

/** Fields GET shows that PUT accepts back and ignores, so a GET → edit → PUT round trip works. */
export const READ_ONLY_KEYS = ['openaiApiKeySet', 'openaiApiKeyReadable', 'openaiApiKeyFromEnv', 'embeddingModel', 'defaults'] as const;

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
    embeddingModel: env().EMBEDDING_MODEL,
    defaults: {
      ...defaultSettings,
      llmProvider: fromEnv.provider,
      llmModel: fromEnv.model,
      openaiBaseUrl: fromEnv.baseURL ?? null,
    },
  };
}

export async function updateSettings(db: Database, patch: SettingsPatch): Promise<SettingsView> {
  const { openaiApiKey, ...rest } = patch;
  await saveSettings(db, rest, async (tx) => {
    if (openaiApiKey === null) await clearOpenAIApiKey(tx);
    else if (openaiApiKey) await storeOpenAIApiKey(tx, openaiApiKey);
  });
  return getSettingsView(db);
}
