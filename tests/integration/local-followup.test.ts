import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt, type RankedChunk } from '@/lib/chat/prompt';
import { loadLocalChatModel } from '@/lib/chat/providers/local';
import { ADAPTER_SEQUENCES, contextFor, getEngine, SEQUENCES_PER_CONTEXT, slotFor } from '@/lib/chat/providers/local-engine';
import { rememberAnswer, sentTurns } from '@/lib/chat/turn-memory';
import type { ChatMessage, ChatModel, PrefillStats } from '@/lib/chat/types';
import { resetEnvCache } from '@/lib/env';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { shutdownRuntime } from '@/lib/runtime';
import { DEFAULT_SYSTEM_PROMPT } from '@/lib/settings';
import { writeTestLora } from '../helpers/lora-gguf';
import { configureTestEnv, makeTempDir, TEST_MODELS_DIR } from '../helpers/test-env';

/**
 * Fast follow-ups (issue 14 item 3) with the real test model: each chat keeps its evaluated
 * prompt in a sequence of its own, a follow-up's prompt extends the previous one, and the
 * model evaluates only the new tokens — read from node-llama-cpp's token meter, not from time.
 */
const MODEL_PATH = path.join(TEST_MODELS_DIR, TEST_LLM_FILE);
let model: ChatModel;

beforeAll(async () => {
  configureTestEnv({ dataDir: makeTempDir() });
  resetEnvCache();
  model = await loadLocalChatModel(MODEL_PATH, TEST_LLM_FILE);
});

afterAll(async () => {
  await shutdownRuntime();
});

const chunk = (id: string, text: string): RankedChunk => ({ chunkId: id, documentId: `d-${id}`, documentName: `${id}.txt`, text, score: 1, page: null });
const ZEBRAS = chunk('zebras', 'Zebras eat clover at dawn on the savanna. They sleep standing up, in herds of twelve.');
const OTTERS = chunk('otters', 'Sea otters hold hands while they sleep so that they do not drift apart on the current.');

/**
 * One answer as Docent gives it: the chat's earlier prompts repeated, the chat's sequence
 * reused, the turns remembered. `sequence` evaluates the same prompt in another chat's sequence.
 */
async function ask(chatId: string, conversation: ChatMessage[], chunks: RankedChunk[], { sequence = chatId, maxTokens = 16 } = {}) {
  const prompt = await buildPrompt({
    systemPrompt: DEFAULT_SYSTEM_PROMPT, conversation, chunks, contextSize: model.contextSize, maxTokens: 16,
    countTokens: (t) => model.countTokens(t), sentTurns: sentTurns(chatId),
  });
  const stream = await model.stream(prompt.messages, { temperature: 0, maxTokens, conversation: sequence }, new AbortController().signal);
  let text = '';
  for await (const piece of stream) text += piece;
  if (sequence === chatId) rememberAnswer(chatId, prompt.turns, text);
  return { text, prefill: stream.prefill as PrefillStats, messages: prompt.messages, sources: prompt.sources };
}

/** A first question, then (when called) a follow-up in the same chat. */
async function chat(chatId: string, question = 'What do zebras eat?', source = ZEBRAS) {
  const first = await ask(chatId, [{ role: 'user', content: question }], [source]);
  const history: ChatMessage[] = [{ role: 'user', content: question }, { role: 'assistant', content: first.text }];
  const followUp = (opts: { sequence?: string; maxTokens?: number } = {}) => ask(chatId, [...history, { role: 'user', content: 'And what about otters?' }], [OTTERS], opts);
  return { first, followUp };
}

/**
 * The model's next-token distribution at the end of the prompt a sequence holds: its last
 * prompt token evaluated again on its own, so both sequences compared do the same last step.
 */
async function nextTokenProbabilities(conversation: string, promptTokens: number): Promise<Map<number, number>> {
  const { sequence } = await slotFor(await contextFor(await getEngine(MODEL_PATH, TEST_LLM_FILE), undefined), conversation);
  const last = sequence.contextTokens[promptTokens - 1];
  await sequence.eraseContextTokenRanges([{ start: promptTokens - 1, end: sequence.nextTokenIndex }]);
  const [out] = await sequence.controlledEvaluate([[last, { generateNext: { probabilities: true } }]]);
  return out!.next!.probabilities!;
}

describe('follow-ups on a local model', () => {
  it('evaluate only their new tokens, and predict what a cold evaluation of the same prompt predicts', async () => {
    const { first, followUp } = await chat('warm');
    expect(first.prefill.reusedTokens).toBe(0);
    const warm = await followUp({ maxTokens: 1 });
    // The follow-up's prompt extends the first one: its earlier question goes with its sources again...
    expect(warm.messages[1]).toEqual(first.messages.at(-1));
    // ...so the first prompt and its answer are reused, and only the new turn is evaluated.
    expect(warm.prefill.reusedTokens).toBeGreaterThanOrEqual(first.prefill.promptTokens - 1);
    expect(warm.prefill.evaluatedTokens).toBe(warm.prefill.promptTokens - warm.prefill.reusedTokens);
    expect(warm.prefill.evaluatedTokens).toBeLessThan(warm.prefill.promptTokens / 2);

    // The same prompt in a sequence of its own, evaluated from nothing.
    const cold = await followUp({ sequence: 'cold', maxTokens: 1 });
    expect(cold.messages).toEqual(warm.messages);
    expect(cold.prefill).toEqual({ promptTokens: warm.prefill.promptTokens, reusedTokens: 0, evaluatedTokens: warm.prefill.promptTokens });
    expect(cold.text).toBe(warm.text);
    // Reused state predicts what fresh evaluation does. Not bit for bit: llama.cpp's kernels round
    // differently for different batch splits (a 64-token slice vs one batch moves probabilities by
    // ~0.01 with this model), so greedy answers may part after some tokens, as with any prefill.
    const [a, b] = [await nextTokenProbabilities('warm', warm.prefill.promptTokens), await nextTokenProbabilities('cold', cold.prefill.promptTokens)];
    const top = [...b.keys()].slice(0, 5);
    expect([...a.keys()][0]).toBe(top[0]);
    for (const token of top) expect(Math.abs((a.get(token) ?? 0) - b.get(token)!)).toBeLessThan(0.03);
  });

  it('share sequences among more chats than there are by least recent use, keeping the system prompt', async () => {
    // 'warm' and 'cold' hold two sequences; two more chats fill the rest.
    const started = new Map<string, Awaited<ReturnType<typeof chat>>>();
    for (let i = 0; i < SEQUENCES_PER_CONTEXT - 2; i++) started.set(`chat-${i}`, await chat(`chat-${i}`));
    // 'warm' answers again: now 'cold' is the least recently used, though 'warm' came first.
    started.set('warm', await chat('warm', 'Where do zebras sleep?'));
    const system = started.get('warm')!.first.messages[0].content;
    const late = await chat('late', 'Do otters hold hands?', OTTERS);
    // 'late' took over 'cold''s sequence, whose system message (the same for every chat) it kept.
    expect(late.first.prefill.reusedTokens).toBeGreaterThanOrEqual(model.countTokens(system) as number);
    expect(late.first.prefill.evaluatedTokens).toBeGreaterThan(20);

    // Every chat still holding its sequence reuses its whole first prompt and answer.
    for (const [id, c] of [...started, ['late', late] as const]) {
      const next = await c.followUp({ maxTokens: 4 });
      expect(next.prefill.reusedTokens, id).toBeGreaterThanOrEqual(c.first.prefill.promptTokens - 1);
    }
  });

  it('evaluate a fraction of the first turn when they retrieve the chunks it sent, citing them by their new numbers', async () => {
    const long = (c: RankedChunk) => ({ ...c, text: `${c.text} `.repeat(6).trim() });
    const [zebras, otters] = [long(ZEBRAS), long(OTTERS)];
    const question = 'What do zebras eat?';
    const first = await ask('again', [{ role: 'user', content: question }], [zebras, otters]);
    const sent = model.countTokens(first.messages.at(-1)!.content) as number;
    const conversation: ChatMessage[] = [{ role: 'user', content: question }, { role: 'assistant', content: first.text }, { role: 'user', content: 'Where do otters sleep?' }];
    const followUp = await ask('again', conversation, [otters, zebras], { maxTokens: 1 });
    // Both sources are the first turn's: the follow-up refers to them instead of sending them again.
    expect(followUp.messages.at(-1)!.content).not.toContain(otters.text);
    expect(followUp.prefill.evaluatedTokens).toBeLessThan(sent / 3);
    // [1] is still the otters chunk, [2] the zebras one, with their text, for citations and the UI.
    expect(followUp.sources.map((s) => [s.index, s.chunkId, s.text])).toEqual([[1, 'otters', otters.text], [2, 'zebras', zebras.text]]);
  });

  it('give an adapter a context of one sequence, which chats on that adapter take in turn', async () => {
    // An adapter switch costs a new context, and a context costs its sequences' KV caches.
    const engine = await getEngine(MODEL_PATH, TEST_LLM_FILE);
    const adapter = { file: 'turns.gguf', path: await writeTestLora(makeTempDir(), 'turns.gguf'), scale: 1 };
    const base = await contextFor(engine, undefined);
    const adapted = await contextFor(engine, adapter);
    expect(base.context.totalSequences).toBe(SEQUENCES_PER_CONTEXT);
    expect(adapted.context.totalSequences).toBe(ADAPTER_SEQUENCES);
    const answer = async (conversation: string) => {
      const stream = await model.stream([{ role: 'user', content: 'What do zebras eat?' }], { temperature: 0, maxTokens: 4, adapter, conversation }, new AbortController().signal);
      let text = '';
      for await (const piece of stream) text += piece;
      return { text, prefill: stream.prefill as PrefillStats };
    };
    const one = await answer('adapter-1');
    const two = await answer('adapter-2');
    // The second chat took the one sequence over, keeping the prompt the two share.
    expect(two.text).toBe(one.text);
    expect(two.prefill.reusedTokens).toBeGreaterThan(0);
    expect(adapted.slots.map((s) => s.conversation)).toEqual(['adapter-2']);
  });
});
