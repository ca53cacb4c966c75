import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_LLM_FILE } from '../models/registry';
import { provisionTestModels } from '../models/test-models';
import { type BuiltPrompt, buildPrompt, type RankedChunk } from './prompt';
import type { ChatMessage } from './types';
import type { SentTurn } from './turn-memory';

// The test LLM's own tokenizer (vocabulary only), as the local provider counts.
let countTokens: (text: string) => number;

beforeAll(async () => {
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: path.join(await provisionTestModels(), TEST_LLM_FILE), vocabOnly: true });
  countTokens = (text) => model.tokenize(text).length;
});

const chunk = (name: string): RankedChunk => ({
  chunkId: name, documentId: `d-${name}`, documentName: `${name}.md`, text: `${name} `.repeat(120).trim(), score: 1, page: null,
});

/** A chat as Docent runs it: each prompt built from the turns the previous one sent, then answered. */
function chat(contextSize = 4096) {
  let conversation: ChatMessage[] = [];
  let remembered: SentTurn[] = [];
  return async (question: string, chunks: RankedChunk[], edit?: (c: ChatMessage[]) => ChatMessage[]): Promise<BuiltPrompt> => {
    if (edit) conversation = edit(conversation);
    conversation = [...conversation, { role: 'user', content: question }];
    const built = await buildPrompt({ systemPrompt: 'You are Docent.', conversation, chunks, contextSize, maxTokens: 64, countTokens, sentTurns: remembered });
    const answer = `An answer to ${question} [1].`;
    remembered = built.turns.map((t, i) => (i === built.turns.length - 1 ? { ...t, answer } : t));
    conversation = [...conversation, { role: 'assistant', content: answer }];
    return built;
  };
}

const lastUser = (built: BuiltPrompt) => built.messages.at(-1)!.content;

describe('sources a follow-up already sent', () => {
  it('are sent as references to the earlier text, keeping this turn numbered 1..k with full sources stored', async () => {
    const ask = chat();
    const first = await ask('What about zebras?', [chunk('zebras'), chunk('otters'), chunk('lions')]);
    const followUp = await ask('And at night?', [chunk('lions'), chunk('bats'), chunk('zebras')]);

    // The first prompt's question is repeated as it was sent, holding the text referred to.
    expect(followUp.messages[1].content).toBe(lastUser(first));
    const asked = lastUser(followUp);
    expect(asked).toContain('<source id="1" document="lions.md">\n(The same passage as source [3] of the previous user message.)\n</source>');
    expect(asked).toContain(`<source id="2" document="bats.md">\n${chunk('bats').text}\n</source>`);
    expect(asked).toContain('<source id="3" document="zebras.md">\n(The same passage as source [1] of the previous user message.)\n</source>');
    expect(asked).not.toContain(chunk('zebras').text);
    // What is stored, cited and shown is unchanged: numbered 1..k, each with its chunk's text.
    expect(followUp.sources.map((s) => [s.index, s.chunkId, s.text])).toEqual([
      [1, 'lions', chunk('lions').text], [2, 'bats', chunk('bats').text], [3, 'zebras', chunk('zebras').text],
    ]);
    // The new sources cost a fraction of the first turn's.
    const sourceTokens = (b: BuiltPrompt) => b.sourceTokens.reduce((a, n) => a + n, 0);
    expect(sourceTokens(followUp)).toBeLessThan(sourceTokens(first) / 2);
    expect(followUp.promptTokens).toBeLessThan(first.promptTokens * 2 - sourceTokens(first) / 2);

    // A third turn finds each text where it was sent in full, however many turns back.
    const third = await ask('Which sleep standing?', [chunk('bats'), chunk('zebras')]);
    expect(lastUser(third)).toContain('(The same passage as source [2] of the previous user message.)');
    expect(lastUser(third)).toContain('(The same passage as source [1] of the user message 2 questions before this one.)');
  });

  it('are sent in full again when the earlier turn holding their text went plain', async () => {
    // Room for one turn with its sources: the second question's sources push the first turn plain.
    const ask = chat(900);
    await ask('What about zebras?', [chunk('zebras'), chunk('otters')]);
    const second = await ask('And otters?', [chunk('otters'), chunk('bats')]);
    expect(second.messages[1].content).toBe('What about zebras?');
    expect(lastUser(second)).toContain(`<source id="1" document="otters.md">\n${chunk('otters').text}\n</source>`);
  });

  it('never leave an earlier turn pointing at text the prompt no longer holds', async () => {
    const ask = chat();
    await ask('What about zebras?', [chunk('zebras')]);
    await ask('And otters?', [chunk('otters'), chunk('zebras')]);
    // The first answer is edited: the first turn goes plain, so the second, which refers to it, does too.
    const third = await ask('Which swim?', [chunk('zebras'), chunk('otters')], (c) => c.map((m, i) => (i === 1 ? { ...m, content: 'Edited.' } : m)));
    expect(third.messages.slice(1, -1).map((m) => m.content)).toEqual(['What about zebras?', 'Edited.', 'And otters?', 'An answer to And otters? [1].']);
    expect(lastUser(third)).toContain(chunk('zebras').text);
    expect(lastUser(third)).toContain(chunk('otters').text);
    expect(third.turns.map((t) => t.full)).toEqual([undefined, undefined, { zebras: 1, otters: 2 }]);
  });
});
