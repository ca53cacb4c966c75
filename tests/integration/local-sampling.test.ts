import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt, type RankedChunk } from '@/lib/chat/prompt';
import { loadLocalChatModel } from '@/lib/chat/providers/local';
import { samplingFileFor } from '@/lib/chat/providers/local-sampling';
import type { ChatMessage, GenerateOptions } from '@/lib/chat/types';
import { resetEnvCache } from '@/lib/env';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { shutdownRuntime } from '@/lib/runtime';
import { DEFAULT_SYSTEM_PROMPT } from '@/lib/settings';
import { configureTestEnv, makeTempDir, TEST_MODELS_DIR } from '../helpers/test-env';

/**
 * Small local models that behave (issue 14 item 4), with the real test model: the sampling
 * defaults for its size reach node-llama-cpp (its output changes with them), an override file
 * beside the model replaces them, and the citation grammar makes every sentence cite a source.
 */
const scratch = makeTempDir('docent-sampling-');
/** The test GGUF under another path (a hard link), so an override file can sit beside it. */
function linkedModel(name: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  fs.linkSync(path.join(TEST_MODELS_DIR, TEST_LLM_FILE), path.join(dir, TEST_LLM_FILE));
  return path.join(dir, TEST_LLM_FILE);
}

beforeAll(() => {
  configureTestEnv({ dataDir: makeTempDir() });
  resetEnvCache();
});

afterAll(async () => {
  await shutdownRuntime();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function generate(modelPath: string, messages: ChatMessage[], opts: Partial<GenerateOptions> = {}) {
  const model = await loadLocalChatModel(modelPath, TEST_LLM_FILE);
  const stream = await model.stream(messages, { temperature: 0, maxTokens: 96, ...opts }, new AbortController().signal);
  let text = '';
  for await (const piece of stream) text += piece;
  return { text, finishReason: stream.finishReason };
}

/** Word pairs (numbers left out, so list numbering does not hide a loop) that occur again. */
function repeatedPairs(text: string): number {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const seen = new Set<string>();
  let repeats = 0;
  for (let i = 0; i + 2 <= words.length; i++) {
    const gram = words.slice(i, i + 2).join(' ');
    if (seen.has(gram)) repeats++;
    seen.add(gram);
  }
  return repeats;
}

/** Every sentence ends with citations, each naming one of `sources`. */
function everySentenceCited(text: string, sources: number): boolean {
  const sentences = text.trim().match(/[^.!?]+[.!?]/g) ?? [];
  if (!sentences.length || text.trim().replace(/[^.!?]+[.!?]/g, '').trim() !== '') return false;
  return sentences.every((s) => {
    const cites = s.match(/(\[\d+\])+(?=[.!?]$)/)?.[0].match(/\d+/g) ?? [];
    return cites.length > 0 && cites.every((n) => Number(n) >= 1 && Number(n) <= sources);
  });
}

const LOOPING: ChatMessage[] = [{ role: 'user', content: 'List the colours of the rainbow, then list them again, and again.' }];

describe('sampling defaults per model', () => {
  it('reach node-llama-cpp: the tiny model repeats itself less with its defaults than with the penalties off', async () => {
    const defaults = await generate(linkedModel('defaults'), LOOPING);
    const off = linkedModel('off');
    fs.writeFileSync(samplingFileFor(off), JSON.stringify({ repeatPenalty: { penalty: 1, lastTokens: 0 }, dry: null }));
    const plain = await generate(off, LOOPING);
    expect(defaults.text).not.toBe(plain.text);
    // Without penalties it loops through "Red, Blue, White" until the token cap; DRY breaks the loop.
    expect(plain.finishReason).toBe('length');
    expect(repeatedPairs(defaults.text)).toBeLessThan(repeatedPairs(plain.text) / 2);
  });

  it('refuses an override file it cannot read, naming the file and how to fix it', async () => {
    const broken = linkedModel('broken');
    fs.writeFileSync(samplingFileFor(broken), JSON.stringify({ repeatPenalty: { penalty: 0.5, lastTokens: 64 }, dry: null }));
    await expect(loadLocalChatModel(broken, TEST_LLM_FILE)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/sampling\.json is not valid \(repeatPenalty\.penalty: .*\)\. Fix it/),
    });
  });
});

describe('the citation grammar', () => {
  const chunks: RankedChunk[] = [
    { chunkId: 'z', documentId: 'dz', documentName: 'zebras.txt', text: 'Zebras eat clover at dawn on the savanna.', score: 1, page: null },
    { chunkId: 'o', documentId: 'do', documentName: 'otters.txt', text: 'Sea otters hold hands while they sleep.', score: 0.9, page: null },
  ];
  const MODEL = path.join(TEST_MODELS_DIR, TEST_LLM_FILE);

  it('makes the test model, which does not cite on its own, end every sentence with a valid [n]', async () => {
    const model = await loadLocalChatModel(MODEL, TEST_LLM_FILE);
    for (const question of ['What do zebras eat?', 'Tell me about zebras and otters.']) {
      const prompt = await buildPrompt({ systemPrompt: DEFAULT_SYSTEM_PROMPT, conversation: [{ role: 'user', content: question }], chunks, contextSize: model.contextSize, maxTokens: 160, countTokens: (t) => model.countTokens(t) });
      const free = await generate(MODEL, prompt.messages, { maxTokens: 160 });
      expect(everySentenceCited(free.text, 2), free.text).toBe(false);
      // At most 8 sentences of 240 characters: the answer ends before Docent's default 512 tokens.
      const cited = await generate(MODEL, prompt.messages, { maxTokens: 512, citeSources: 2 });
      expect(cited.finishReason, cited.text).toBe('stop');
      expect(everySentenceCited(cited.text, 2), cited.text).toBe(true);
    }
  });
});
