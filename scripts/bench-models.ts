/**
 * npm run bench:models -- [--reps 3] [--model FILE] [--only adapters,prefill,followup,http] [--json]
 *
 * The model layer's costs on this machine, with the test GGUF and a random-weight LoRA written
 * for it (tests/helpers/lora-gguf.ts):
 * 1. Adapter switch cost ÷ a base-model load: a LoRA rides on a new context of the loaded
 *    model (lib/chat/providers/local-engine.ts), never a second load of the weights.
 * 2. Prefill tokens/s through Docent's local provider ÷ node-llama-cpp direct (scripts/lib/bench/prefill-ratio.ts).
 * 3. Time to first token of a first question and of a follow-up in the same chat, both with
 *    six ~150-token sources all new to the chat, through Docent's prompt building and local provider.
 * 4. The same over HTTP with a real ingested document, where a follow-up retrieves what a real
 *    one does (scripts/lib/bench/followup-http.ts).
 * Figures go in docs/benchmarks.md ("Model layer"); --json also writes docs/results/…-bench-models-….json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { writeTestLora } from '../tests/helpers/lora-gguf';

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '3' }, model: { type: 'string', default: TEST_LLM_FILE }, only: { type: 'string', default: 'adapters,prefill,followup,http' }, json: { type: 'boolean', default: false } },
});
const reps = Number(values.reps);
const parts = new Set(values.only!.split(','));
process.env.MODELS_DIR ??= path.resolve('data/models');

const { contextFor, getEngine, getLlamaInstance } = await import('@/lib/chat/providers/local-engine');
const { loadLocalChatModel } = await import('@/lib/chat/providers/local');
const { buildPrompt } = await import('@/lib/chat/prompt');
const { rememberAnswer, sentTurns } = await import('@/lib/chat/turn-memory');
const { DEFAULT_SYSTEM_PROMPT } = await import('@/lib/settings');
const { shutdownRuntime } = await import('@/lib/runtime');
const { measurePrefillRatio } = await import('./lib/bench/prefill-ratio');
const { timeFollowUpsOverHttp } = await import('./lib/bench/followup-http');
const { REPO_ROOT } = await import('./lib/bench/server-process');
const { commandLine, startRunStamp, writeResultFile } = await import('./lib/result-file');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
}

/** Six sources of ~150 tokens: sentences from the architecture notes, a different slice per question. */
function sources(offset: number) {
  const words = fs.readFileSync(path.resolve('docs/architecture.md'), 'utf8').replace(/[#`*|]/g, ' ').split(/\s+/).filter(Boolean);
  return Array.from({ length: 6 }, (_, i) => {
    // Wrapping around the notes, so that every repetition gets six full sources.
    const start = (offset * 6 + i) * 110;
    const text = Array.from({ length: 110 }, (_, w) => words[(start + w) % words.length]).join(' ');
    return { chunkId: `c${offset}-${i}`, documentId: `d${i}`, documentName: `notes-${i}.md`, text, score: 1 - i / 10, page: null, headingPath: [] };
  });
}

/** One answer in chat `chatId` as Docent gives it: earlier turns as sent before, the chat's own sequence. */
async function firstToken(model: Awaited<ReturnType<typeof loadLocalChatModel>>, chatId: string, conversation: { role: 'user' | 'assistant'; content: string }[], offset: number) {
  const prompt = await buildPrompt({
    systemPrompt: DEFAULT_SYSTEM_PROMPT, conversation, chunks: sources(offset), contextSize: model.contextSize, maxTokens: 32,
    countTokens: (t) => model.countTokens(t), sentTurns: sentTurns(chatId),
  });
  const started = performance.now();
  const stream = await model.stream(prompt.messages, { temperature: 0, maxTokens: 32, conversation: chatId }, new AbortController().signal);
  let first = 0;
  let text = '';
  for await (const piece of stream) {
    first ||= performance.now() - started;
    text += piece;
  }
  rememberAnswer(chatId, prompt.turns, text);
  return { first, text, promptTokens: prompt.promptTokens, evaluated: stream.prefill?.evaluatedTokens ?? 0 };
}

const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));

async function main() {
  const stamp = startRunStamp(REPO_ROOT, commandLine('bench:models'));
  const result: Record<string, unknown> = { model: values.model, reps };
  const modelsDir = process.env.MODELS_DIR!;
  const source = path.join(modelsDir, values.model!);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-models-'));
  // One adapter per repetition: each switch then makes a new context and reads a LoRA file not
  // read before (with two, taken in turn, the third switch found both contexts kept and cost 0).
  const loras: string[] = [];
  for (let i = 0; i < reps; i++) loras.push(await writeTestLora(scratch, `lora-${i}.gguf`, { seed: i + 1 }));
  await getLlamaInstance();

  // 1. Base loads (each from a new hard link, so the engine loads it again) vs adapter switches.
  const loads: number[] = [];
  for (let i = 0; i < reps; i++) {
    const link = path.join(scratch, `model-${i}.gguf`);
    fs.linkSync(source, link);
    loads.push((await timed(() => getEngine(link, values.model!)))[1]);
  }
  const engine = await getEngine(path.join(scratch, `model-${reps - 1}.gguf`), values.model!);
  if (parts.has('adapters')) {
    const loadBefore = loadAverage();
    const firstUse: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < reps; i++) {
      // A new adapter each time (evicting the oldest of the two kept contexts), then the same again.
      firstUse.push((await timed(() => contextFor(engine, { path: loras[i], scale: 1 })))[1]);
      cached.push((await timed(() => contextFor(engine, { path: loras[i], scale: 1 })))[1]);
    }
    const load = median(loads);
    const contextSize = (await contextFor(engine, undefined)).context.contextSize;
    result.adapters = { contextSize, baseLoadMs: loads, switchMs: firstUse, keptContextMs: cached, ratio: Number((median(firstUse) / load).toFixed(3)), loadAverageBefore: loadBefore, loadAverageAfter: loadAverage() };
    console.log(`base-model load (weights + first ${contextSize}-token context): median ${ms(load)} over ${reps} (${loads.map(ms).join(', ')})`);
    console.log(`adapter switch, new context with the LoRA: median ${ms(median(firstUse))} = ${(median(firstUse) / load).toFixed(3)} × a base load`);
    console.log(`adapter switch back to a kept context: median ${ms(median(cached))}; load average ${loadBefore.join(' ')} → ${loadAverage().join(' ')}`);
  }

  const model = await loadLocalChatModel(engine.path, engine.id);
  // 2. Prefill through Docent ÷ direct, with node-llama-cpp's default threads and with Docent's.
  if (parts.has('prefill')) {
    const log = (line: string) => console.error(`[bench:models] prefill, ${line}`);
    const sameThreads = await measurePrefillRatio(engine, model, sources(0), Math.max(reps, 5), log, engine.threads);
    const defaults = await measurePrefillRatio(engine, model, sources(0), Math.max(reps, 5), log);
    result.prefill = { directDefaults: defaults, directWithDocentThreads: sameThreads, loadAverage: loadAverage() };
    for (const [what, r] of [['direct defaults', defaults], [`direct at Docent's ${engine.threads} thread(s)`, sameThreads]] as const) {
      console.log(`prefill ${r.promptTokens} tokens: Docent ${r.docentTokensPerSecond} tok/s, direct ${r.directTokensPerSecond} tok/s (${what}: ${r.directThreads} threads, batch ${r.directBatchSize}; Docent ${r.docentThreads} threads, batch ${r.docentBatchSize}) = ${r.ratio} ×`);
    }
  }

  // 3. First question vs follow-up, same chat, six sources each, all new to the chat.
  if (parts.has('followup')) {
    const firsts: number[] = [];
    const followUps: number[] = [];
    let promptSizes = '';
    for (let i = 0; i < reps; i++) {
      // A new chat each time: its first question finds only the system prompt evaluated (by an earlier chat).
      const chatId = `bench-${i}`;
      const q1 = `Question ${i}: what does Docent store about each document?`;
      const a = await firstToken(model, chatId, [{ role: 'user', content: q1 }], 2 * i);
      const b = await firstToken(model, chatId, [{ role: 'user', content: q1 }, { role: 'assistant', content: a.text }, { role: 'user', content: 'And how is it searched?' }], 2 * i + 1);
      firsts.push(a.first);
      followUps.push(b.first);
      promptSizes = `${a.promptTokens} / ${b.promptTokens} prompt tokens, ${a.evaluated} / ${b.evaluated} evaluated`;
    }
    const ratio = median(followUps) / median(firsts);
    result.followUpSixNewSources = { firstMs: firsts, followUpMs: followUps, ratio: Number(ratio.toFixed(2)), promptSizes, loadAverage: loadAverage() };
    console.log(`first token, first question: median ${ms(median(firsts))}; follow-up with six new sources: median ${ms(median(followUps))} (${ratio.toFixed(2)} × first; ${promptSizes})`);
  }
  await shutdownRuntime();
  fs.rmSync(scratch, { recursive: true, force: true });

  // 4. Over HTTP, a stored chat, a real ingested document.
  if (parts.has('http')) {
    const http = await timeFollowUpsOverHttp(values.model!, reps, (line) => console.error(`[bench:models] ${line}`));
    result.followUpHttp = http;
    const overlap = http.pairs.map((p) => `${p.alreadySent}/${p.followUp.sent.length}`).join(', ');
    console.log(`over HTTP (${http.document}, ${http.chunks} chunks): first content byte median ${http.firstP50Ms} ms, follow-up ${http.followUpP50Ms} ms = ${http.ratio} × first (sources already sent: ${overlap})`);
  }
  console.log(`load average after the run: ${loadAverage().join(' ')}`);
  if (values.json) console.error(`[bench:models] wrote ${writeResultFile(REPO_ROOT, 'bench-models', stamp.finish(), result)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
