/** The embedding index as GET /api/settings and /api/status show it (lib/reindex/change.ts). */
export interface EmbeddingIndexData {
  activeModel: string | null;
  activeDim: number | null;
  targetModel: string | null;
  targetDim: number | null;
  state: 'ready' | 'reindexing' | 'failed';
  total: number;
  done: number;
  failed: number;
  fraction: number;
  failures: { documentId: string; documentName: string; error: string }[];
  startedAt: string | null;
  lastReindex: { model: string; finishedAt: string } | null;
}

/** GET /api/settings, as the browser receives it. */
export interface SettingsData {
  topK: number;
  retrievalMode: 'hybrid' | 'vector' | 'keyword';
  chunkTokens: number;
  chunkOverlap: number;
  efSearch: number;
  rrfK: number;
  systemPrompt: string;
  temperature: number;
  maxTokens: number;
  llmProvider: 'local' | 'openai' | null;
  llmModel: string | null;
  openaiBaseUrl: string | null;
  /** Absent: generate. */
  answerMode?: 'generate' | 'quotes';
  citationFormat?: 'free' | 'cite-every-sentence';
  openaiApiKeySet: boolean;
  openaiApiKeyReadable: boolean;
  openaiApiKeyFromEnv: boolean;
  embeddingModel: string;
  embeddingIndex: EmbeddingIndexData;
  embeddingModelChoices: string[];
  /** The embedder's token limit, which caps the chunk size; null when the embedder is not available. */
  chunkLimit: { tokens: number; model: string } | null;
  defaults: Omit<
    SettingsData,
    'defaults' | 'chunkLimit' | 'answerMode' | 'citationFormat' | 'openaiApiKeySet' | 'openaiApiKeyReadable' | 'openaiApiKeyFromEnv' | 'embeddingModel' | 'embeddingIndex' | 'embeddingModelChoices' | 'llmProvider' | 'llmModel' | 'openaiBaseUrl'
  > & {
    llmProvider: string;
    llmModel: string;
    openaiBaseUrl: string | null;
    embeddingModel: string;
  };
}

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

export function toFormValues(s: SettingsData): FormValues {
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
export function toPatch(v: FormValues, defaults: SettingsData['defaults'], savedEmbeddingModel?: string): Record<string, unknown> {
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
