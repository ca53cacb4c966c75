import { describe, expect, it } from 'vitest';
import { toFormValues, toPatch } from '@/components/settings/types';
import type { SettingsView } from '@/lib/settings-view';

const defaults = { topK: 6, retrievalMode: 'hybrid', chunkTokens: 256, chunkOverlap: 32, efSearch: 100, rrfK: 60, systemPrompt: 'Be brief.', temperature: 0.2, maxTokens: 512, llmProvider: 'local', llmModel: 'a.gguf', openaiBaseUrl: null, embeddingModel: 'Xenova/all-MiniLM-L6-v2' } as const;
const data: SettingsView = {
  ...defaults,
  llmProvider: null,
  llmModel: null,
  openaiBaseUrl: null,
  openaiApiKeySet: true,
  openaiApiKeyReadable: true,
  openaiApiKeyFromEnv: false,
  embeddingModel: 'Xenova/all-MiniLM-L6-v2',
  embeddingIndex: {
    activeModel: 'Xenova/all-MiniLM-L6-v2', activeDim: 384, targetModel: null, targetDim: null, state: 'ready',
    total: 0, done: 0, failed: 0, fraction: 1, failures: [], startedAt: null, lastReindex: null,
  },
  embeddingModelChoices: ['Xenova/all-MiniLM-L6-v2'],
  chunkLimit: { tokens: 254, model: 'Xenova/all-MiniLM-L6-v2' },
  defaults,
};

describe('settings form → PUT body', () => {
  it('sends defaults as null and leaves a blank key out', () => {
    const patch = toPatch(toFormValues(data), defaults);
    expect(patch).toMatchObject({ topK: null, systemPrompt: null, llmProvider: null, answerMode: null });
    expect(patch).not.toHaveProperty('openaiApiKey');
  });

  it('leaves a local model to the Models section, and sends a remote model name', () => {
    expect(toPatch({ ...toFormValues(data), llmModel: 'stale.gguf' }, defaults)).not.toHaveProperty('llmModel');
    expect(toPatch({ ...toFormValues(data), llmProvider: 'openai', llmModel: ' gpt-4o-mini ' }, defaults)).toMatchObject({ llmModel: 'gpt-4o-mini' });
    expect(toPatch({ ...toFormValues(data), answerMode: 'quotes' }, defaults)).toMatchObject({ answerMode: 'quotes' });
  });

  it('sends the citation grammar when chosen, and null for the default', () => {
    expect(toPatch(toFormValues(data), defaults)).toMatchObject({ citationFormat: null });
    expect(toPatch({ ...toFormValues(data), citationFormat: 'cite-every-sentence' }, defaults)).toMatchObject({ citationFormat: 'cite-every-sentence' });
    expect(toFormValues({ ...data, citationFormat: 'cite-every-sentence' }).citationFormat).toBe('cite-every-sentence');
  });

  it('sends changes as values, and a typed key', () => {
    const patch = toPatch({ ...toFormValues(data), topK: '3', llmProvider: 'openai', openaiApiKey: ' sk-x ', temperature: 'warm' }, defaults);
    expect(patch).toMatchObject({ topK: 3, llmProvider: 'openai', openaiApiKey: 'sk-x', temperature: 'warm' });
  });

  it('sends the embedding model only when it changed, the default as null', () => {
    const saved = data.embeddingModel;
    expect(toPatch(toFormValues(data), defaults, saved)).not.toHaveProperty('embeddingModel');
    expect(toPatch({ ...toFormValues(data), embeddingModel: ' openai:text-embedding-3-small ' }, defaults, saved)).toMatchObject({ embeddingModel: 'openai:text-embedding-3-small' });
    // Back from a chosen model to the environment's: blank or the default's name alike.
    const chosen = { ...data, embeddingModel: 'openai:text-embedding-3-small' };
    expect(toPatch({ ...toFormValues(chosen), embeddingModel: '' }, defaults, chosen.embeddingModel)).toMatchObject({ embeddingModel: null });
    expect(toPatch({ ...toFormValues(chosen), embeddingModel: 'Xenova/all-MiniLM-L6-v2' }, defaults, chosen.embeddingModel)).toMatchObject({ embeddingModel: null });
  });
});
