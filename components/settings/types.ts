import type { SettingsView } from '@/lib/settings-view';

/** The form's values: what the inputs hold, as text. */
export interface FormValues {
  llmProvider: string;
  llmModel: string;
  openaiBaseUrl: string;
  openaiApiKey: string;
  answerMode: string;
  citationFormat: string;
  embeddingModel: string;
  topK: string;
  retrievalMode: string;
  chunkTokens: string;
  chunkOverlap: string;
  temperature: string;
  maxTokens: string;
  systemPrompt: string;
}

export function toFormValues(s: SettingsView): FormValues {
  return {
    llmProvider: s.llmProvider ?? '',
    llmModel: s.llmModel ?? '',
    openaiBaseUrl: s.openaiBaseUrl ?? '',
    openaiApiKey: '',
    answerMode: s.answerMode ?? '',
    citationFormat: s.citationFormat ?? '',
    embeddingModel: s.embeddingModel,
    topK: String(s.topK),
    retrievalMode: s.retrievalMode,
    chunkTokens: String(s.chunkTokens),
    chunkOverlap: String(s.chunkOverlap),
    temperature: String(s.temperature),
    maxTokens: String(s.maxTokens),
    systemPrompt: s.systemPrompt,
  };
}

const NUMBER_FIELDS = ['topK', 'chunkTokens', 'chunkOverlap', 'temperature', 'maxTokens'] as const;

/**
 * The PUT body. A value equal to its default is sent as null, so only real overrides are stored
 * and a later change of default applies; an empty LLM field means "from the environment"; the
 * key is only sent when something was typed (blank keeps the stored key). The embedding model
 * is only sent when it differs from `savedEmbeddingModel` (a change starts a re-index); blank
 * or the environment's default is sent as null.
 */
export function toPatch(v: FormValues, defaults: SettingsView['defaults'], savedEmbeddingModel?: string): Record<string, unknown> {
  const patch: Record<string, unknown> = {
    llmProvider: v.llmProvider || null,
    openaiBaseUrl: v.openaiBaseUrl.trim() || null,
    answerMode: v.answerMode || null,
    citationFormat: v.citationFormat || null,
    retrievalMode: v.retrievalMode === defaults.retrievalMode ? null : v.retrievalMode,
    systemPrompt: v.systemPrompt === defaults.systemPrompt ? null : v.systemPrompt,
  };
  for (const key of NUMBER_FIELDS) {
    const n = v[key].trim() === '' ? NaN : Number(v[key]);
    // A non-number goes as typed, so the server's message names the field.
    patch[key] = Number.isNaN(n) ? v[key] : n === defaults[key] ? null : n;
  }
  // A local model is chosen in the Models section (PUT /api/models/active); the form leaves it alone.
  if ((v.llmProvider || defaults.llmProvider) === 'openai') patch.llmModel = v.llmModel.trim() || null;
  if (v.openaiApiKey.trim()) patch.openaiApiKey = v.openaiApiKey.trim();
  const embeddingModel = v.embeddingModel.trim() || defaults.embeddingModel;
  if (savedEmbeddingModel !== undefined && embeddingModel !== savedEmbeddingModel) {
    patch.embeddingModel = embeddingModel === defaults.embeddingModel ? null : embeddingModel;
  }
  return patch;
}
