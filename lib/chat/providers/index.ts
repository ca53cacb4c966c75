import fs from 'node:fs';
import { AppError } from '../../errors';
import { env } from '../../env';
import { DEFAULT_LLM_FILE } from '../../models/registry';
import type { Settings } from '../../settings';
import type { ChatModel, ChatProviderName } from '../types';
import { loadLocalChatModel, localEngineState } from './local';
import { describeLocalModel, downloadState, ensureLocalModelFile, fileExists, notReadyMessage } from './local-model-file';
import { OpenAIChatModel } from './openai';

/** `created` for models that have no file date. */
const PROCESS_STARTED = Math.floor(Date.now() / 1000);

/** When LLM_PROVIDER=openai names no model. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/** `openaiApiKey`: the admin's stored key (lib/provider-keys), which wins over OPENAI_API_KEY. */
type LlmSettings = Pick<Settings, 'llmProvider' | 'llmModel' | 'openaiBaseUrl'> & { openaiApiKey?: string };

/** The chat configuration in force: admin settings over the environment. */
export function resolveChatConfig(settings: LlmSettings) {
  const e = env();
  const provider: ChatProviderName = settings.llmProvider ?? e.LLM_PROVIDER;
  const model = settings.llmModel ?? e.LLM_MODEL ?? (provider === 'local' ? DEFAULT_LLM_FILE : DEFAULT_OPENAI_MODEL);
  return {
    provider,
    model,
    baseURL: settings.openaiBaseUrl ?? e.OPENAI_BASE_URL,
    apiKey: settings.openaiApiKey ?? e.OPENAI_API_KEY,
    modelsDir: e.MODELS_DIR,
    allowDownloads: e.ALLOW_MODEL_DOWNLOADS,
  };
}

const OPENAI_NOT_CONFIGURED =
  'LLM_PROVIDER is openai but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set; set OPENAI_API_KEY for OpenAI, ' +
  'or OPENAI_BASE_URL for a compatible server (vLLM, llama.cpp server, Ollama, LM Studio), or use LLM_PROVIDER=local.';

/** The configured chat model, ready to generate; 503 model_not_ready (saying how to fix it) when it cannot be. */
export async function getChatModel(settings: LlmSettings): Promise<ChatModel> {
  const config = resolveChatConfig(settings);
  if (config.provider === 'openai') {
    if (!config.baseURL && !config.apiKey) throw new AppError('model_not_ready', OPENAI_NOT_CONFIGURED, 503);
    return new OpenAIChatModel({ baseURL: config.baseURL, apiKey: config.apiKey, model: config.model });
  }
  const ref = describeLocalModel(config.model, config.modelsDir);
  const file = await ensureLocalModelFile(ref, config.modelsDir, config.allowDownloads);
  return loadLocalChatModel(file, ref.id);
}

export interface ChatModelStatus {
  provider: ChatProviderName;
  model: string;
  ready: boolean;
  error?: string;
}

/** For /api/health: cheap (no loading, no network), and says what is missing and how to fix it. */
export function chatModelStatus(settings: LlmSettings): ChatModelStatus {
  const config = resolveChatConfig(settings);
  if (config.provider === 'openai') {
    const ready = !!(config.baseURL || config.apiKey);
    return { provider: 'openai', model: config.model, ready, ...(ready ? {} : { error: OPENAI_NOT_CONFIGURED }) };
  }
  const ref = describeLocalModel(config.model, config.modelsDir);
  const base = { provider: 'local' as const, model: ref.id };
  if (fileExists(ref.path)) {
    const { error } = localEngineState(ref.path);
    return error ? { ...base, ready: false, error: `The model file is there but could not be loaded: ${error}` } : { ...base, ready: true };
  }
  const download = downloadState(ref);
  if (download && !download.error) return { ...base, ready: false, error: `Downloading ${ref.id} (${Math.round(download.fraction * 100)}%).` };
  return { ...base, ready: false, error: download?.error ?? notReadyMessage(ref, config.modelsDir, config.allowDownloads) };
}

/** The model as /v1/models lists it. */
export function chatModelInfo(settings: LlmSettings): { id: string; created: number } {
  const config = resolveChatConfig(settings);
  if (config.provider === 'openai') return { id: config.model, created: PROCESS_STARTED };
  const ref = describeLocalModel(config.model, config.modelsDir);
  const mtime = ref.path ? fs.statSync(ref.path, { throwIfNoEntry: false })?.mtimeMs : undefined;
  return { id: ref.id, created: mtime ? Math.floor(mtime / 1000) : PROCESS_STARTED };
}
