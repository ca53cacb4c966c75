import { describe, expect, it } from 'vitest';
import { checkSettings, defaultSettings, settingsPatchSchema } from './settings';

const accepts = (body: unknown) => settingsPatchSchema.safeParse(body).success;

describe('settings changes', () => {
  it('accepts good values, including resets to the default', () => {
    expect(accepts({ topK: 8, retrievalMode: 'vector', temperature: 0.7, maxTokens: 1024, chunkTokens: 300, chunkOverlap: 40 })).toBe(true);
    expect(accepts({ llmProvider: 'openai', llmModel: 'gpt-4o-mini', openaiBaseUrl: 'http://127.0.0.1:8080/v1' })).toBe(true);
    expect(accepts({ llmModel: 'hf:bartowski/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf' })).toBe(true);
    expect(accepts({ llmModel: '/models/llama-3.2-1b.Q4_K_M.gguf' })).toBe(true);
    expect(accepts({ llmModel: 'llama3.1:8b' })).toBe(true);
    expect(accepts({ systemPrompt: 'Answer briefly.\nCite sources like [1].\n\tQuote "exactly" when asked.' })).toBe(true);
    expect(accepts({ openaiApiKey: 'sk-proj-AbC_123-xyz' })).toBe(true);
    expect(accepts({ openaiApiKey: null, llmProvider: null, topK: null })).toBe(true);
    expect(accepts({})).toBe(true);
  });

  it.each([
    ['an unknown key', { bogus: 1 }],
    ['a key that is not a setting', { EMBEDDING_MODEL: 'x' }],
    ['a number as a string', { topK: '6' }],
    ['an out-of-range number', { topK: 0 }],
    ['a fraction where an integer belongs', { maxTokens: 100.5 }],
    ['an unknown provider', { llmProvider: 'anthropic' }],
    ['an unknown retrieval mode', { retrievalMode: 'magic' }],
    ['a newline in the model', { llmModel: 'model.gguf\nNODE_OPTIONS=--require /tmp/x.js' }],
    ['an environment assignment as the model', { llmModel: 'NODE_OPTIONS=--inspect' }],
    ['quotes in the model', { llmModel: 'x" && curl evil' }],
    ['a newline in the base URL', { openaiBaseUrl: 'http://127.0.0.1:8080/v1\nOPENAI_API_KEY=x' }],
    ['a base URL that is not http(s)', { openaiBaseUrl: 'file:///etc/passwd' }],
    ['a javascript: base URL', { openaiBaseUrl: 'javascript:alert(1)' }],
    ['a newline in the API key', { openaiApiKey: 'sk-abc\nNODE_OPTIONS=--require x' }],
    ['an environment assignment as the API key', { openaiApiKey: 'NODE_OPTIONS=--require=x' }],
    ['quotes in the API key', { openaiApiKey: "sk-'abc'" }],
    ['an environment line in the system prompt', { systemPrompt: 'Be nice.\nNODE_OPTIONS=--require /tmp/x.js' }],
    ['control characters in the system prompt', { systemPrompt: 'Be nice.\u0000\u001b[31m' }],
    ['an empty system prompt', { systemPrompt: '   ' }],
    ['a megabyte system prompt', { systemPrompt: 'x'.repeat(1024 * 1024) }],
    ['a megabyte model name', { llmModel: 'x'.repeat(1024 * 1024) }],
    ['an object where a string belongs', { llmModel: { toString: 'x' } }],
  ])('rejects %s', (_what, body) => {
    expect(accepts(body)).toBe(false);
  });

  it('requires the chunk overlap to be smaller than the chunk size', () => {
    expect(() => checkSettings({ ...defaultSettings, chunkTokens: 64, chunkOverlap: 64 })).toThrow(/overlap/);
    expect(() => checkSettings({ ...defaultSettings, chunkTokens: 64, chunkOverlap: 63 })).not.toThrow();
  });
});
