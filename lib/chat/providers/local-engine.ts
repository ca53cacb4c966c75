import type { Llama, LlamaChat, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { describeError } from '../../errors';
import { onShutdown } from '../../runtime';
import { SlotQueue } from '../slot-queue';

/**
 * The loaded local model: one LlamaModel per process, and a few contexts on it — one per
 * adapter setting (a LoRA is applied per context, `createContext({ lora })`), so switching
 * adapters between requests costs a context, never a second load of the base weights.
 */
export const LOCAL_CONTEXT_SIZE = 4096;
/** Requests that may wait for the model; more get 503 + Retry-After. */
const MAX_WAITING = 8;
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * Contexts kept per model (each holds its own KV cache: ≈ 200 MB at 4,096 tokens for a 135M
 * model, more for larger ones); the least recently used goes first. Two keep "base" and one
 * adapter warm, so switching back and forth re-evaluates nothing.
 */
const MAX_CONTEXTS = 2;
/**
 * Sequences per context: each chat keeps its evaluated prompt (system message, earlier turns
 * with their sources, answers) in a sequence of its own, so a follow-up evaluates only its new
 * tokens (issue 14 item 3). Each sequence holds a full context's KV cache (≈ 94 MB at 4,096
 * tokens for the 135M test model, 128 MB for a 1B Llama 3.2); chats beyond this share by
 * least recent use.
 */
export const SEQUENCES_PER_CONTEXT = 4;
/**
 * Sequences of an adapter's context. A context's cost is its KV caches (measured at 4,096 tokens:
 * ≈ 65 ms with one sequence, ≈ 270 ms with four, the LoRA itself adding nothing), so an adapter
 * switch with one costs ≈ 0.07 × a base load instead of 0.3 × (issue 14's goal: ≤ 0.1), and holds a
 * quarter of the memory. Chats on one adapter then take turns in it, each reusing at least the
 * shared system message; most chats use the base context and its four.
 */
export const ADAPTER_SEQUENCES = 1;

/** An adapter slotted onto the base for one request. */
export interface EngineAdapter {
  path: string;
  scale: number;
}

/** One sequence of a context and the conversation whose evaluated tokens it holds. */
export interface ConversationSlot {
  /** The conversation (chat id, or '' for requests outside a chat) that last used it. */
  conversation: string;
  sequence: LlamaContextSequence;
  chat: LlamaChat;
  lastUsed: number;
}

export interface EngineContext {
  key: string;
  context: LlamaContext;
  slots: ConversationSlot[];
  lastUsed: number;
}

export interface Engine {
  path: string;
  id: string;
  model: LlamaModel;
  queue: SlotQueue;
  contexts: Map<string, EngineContext>;
  threads: number;
}

interface Store {
  llama?: Promise<Llama>;
  engine?: { path: string; promise: Promise<Engine> };
  /** Why the last load of a path failed, for /api/health. */
  failures: Map<string, string>;
  /** Base-model loads and unloads since start: the proof that adapters do not reload the base. */
  loads: number;
  unloads: number;
  contextsCreated: number;
}

// One model per process (Next.js may evaluate this module once per bundle): a second copy
// would double the memory and make two thread pools fight over the same cores.
const KEY = Symbol.for('docent.localChat');
function store(): Store {
  const holder = globalThis as typeof globalThis & { [KEY]?: Store };
  return (holder[KEY] ??= { failures: new Map(), loads: 0, unloads: 0, contextsCreated: 0 });
}

/**
 * llama.cpp's worker threads spin while they wait for each other; when the embedder, PGlite or
 * another process takes a core, a pool sized to every core stalls (measured here: 60 tokens in
 * 1.2 s with 1 thread, 16–49 s with 2 on a busy 2-core box). One core stays free for the rest.
 */
export function llamaThreads(llama: Llama): number {
  return Math.max(1, llama.cpuMathCores - 1);
}

/** The one llama.cpp binding of the process (also used by the model library's memory estimates). */
export function getLlamaInstance(): Promise<Llama> {
  const s = store();
  if (!s.llama) {
    // gpu 'auto' (the default) uses CUDA, Vulkan or Metal when present, the CPU otherwise.
    s.llama = import('node-llama-cpp').then(({ getLlama }) => getLlama());
    s.llama.catch(() => (s.llama = undefined));
  }
  return s.llama;
}

async function loadEngine(path: string, id: string): Promise<Engine> {
  const llama = await getLlamaInstance();
  const model = await llama.loadModel({ modelPath: path });
  store().loads++;
  const queue = new SlotQueue({ concurrency: 1, maxWaiting: MAX_WAITING, retryAfterSeconds: 10, what: `The local model ${id}` });
  const engine: Engine = { path, id, model, queue, contexts: new Map(), threads: llamaThreads(llama) };
  try {
    await contextFor(engine, undefined); // a bad file fails here, at load, not at the first answer
    return engine;
  } catch (err) {
    await model.dispose();
    throw err;
  }
}

const contextKey = (adapter: EngineAdapter | undefined) => (adapter && adapter.scale > 0 ? `${adapter.path}@${adapter.scale}` : '');

/**
 * The context for an adapter setting, created on first use (the LoRA file is read once per
 * model; llama.cpp keeps it until the model is freed). Called only while holding the queue's
 * one slot, so no other generation is using a context this evicts.
 */
export async function contextFor(engine: Engine, adapter: EngineAdapter | undefined): Promise<EngineContext> {
  const key = contextKey(adapter);
  const hit = engine.contexts.get(key);
  if (hit) {
    hit.lastUsed = performance.now();
    return hit;
  }
  while (engine.contexts.size >= MAX_CONTEXTS) {
    const oldest = [...engine.contexts.values()].reduce((a, b) => (a.lastUsed <= b.lastUsed ? a : b));
    engine.contexts.delete(oldest.key);
    await oldest.context.dispose();
  }
  const context = await engine.model.createContext({
    contextSize: Math.min(LOCAL_CONTEXT_SIZE, engine.model.trainContextSize),
    sequences: key ? ADAPTER_SEQUENCES : SEQUENCES_PER_CONTEXT,
    threads: engine.threads,
    ...(key ? { lora: { adapters: [{ filePath: adapter!.path, scale: adapter!.scale }] } } : {}),
  });
  store().contextsCreated++;
  const entry = { key, context, slots: [], lastUsed: performance.now() };
  engine.contexts.set(key, entry);
  return entry;
}

/**
 * The sequence holding `conversation`'s evaluated tokens: its own while it has one, else a
 * sequence not yet handed out, else the least recently used one taken over from another
 * conversation. A taken-over sequence keeps its tokens: the next prompt reuses whatever prefix
 * it shares with them — at least the system message, which is the same for every chat.
 * Called only while holding the queue's one slot.
 */
export async function slotFor(entry: EngineContext, conversation: string): Promise<ConversationSlot> {
  const now = performance.now();
  let slot = entry.slots.find((s) => s.conversation === conversation);
  if (!slot && entry.context.sequencesLeft > 0) {
    const { LlamaChat } = await import('node-llama-cpp');
    const sequence = entry.context.getSequence();
    slot = { conversation, sequence, chat: new LlamaChat({ contextSequence: sequence }), lastUsed: now };
    entry.slots.push(slot);
  }
  slot ??= entry.slots.reduce((a, b) => (a.lastUsed <= b.lastUsed ? a : b));
  slot.conversation = conversation;
  slot.lastUsed = now;
  return slot;
}

async function disposeEngine(engine: Engine): Promise<void> {
  for (const c of engine.contexts.values()) await c.context.dispose();
  engine.contexts.clear();
  await engine.model.dispose();
  store().unloads++;
}

/** Frees a replaced model once its last request is done: answers in flight finish on it. */
function retire(engine: Promise<Engine>): void {
  void engine.then((e) => {
    const timer = setInterval(() => {
      if (e.queue.size > 0) return;
      clearInterval(timer);
      void disposeEngine(e);
    }, 250);
    timer.unref();
  }, () => undefined);
}

/** On SIGTERM: answers in progress get a few seconds to finish (and be stored), then the model is freed. */
async function shutDownEngine(promise: Promise<Engine>): Promise<void> {
  const s = store();
  if (s.engine?.promise === promise) s.engine = undefined;
  const engine = await promise.catch(() => null);
  if (!engine) return;
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  while (engine.queue.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await disposeEngine(engine);
}

/** The loaded model for `path`, loading it once per process (concurrent callers share the load). */
export function getEngine(path: string, id: string): Promise<Engine> {
  const s = store();
  if (s.engine?.path !== path) {
    if (s.engine) retire(s.engine.promise);
    const promise = loadEngine(path, id);
    s.engine = { path, promise };
    onShutdown(() => shutDownEngine(promise));
    promise.then(
      () => s.failures.delete(path),
      (err) => {
        s.failures.set(path, describeError(err));
        if (s.engine?.promise === promise) s.engine = undefined; // the next request tries again
      },
    );
  }
  return s.engine.promise;
}

/** Whether `path` is loaded, and why its last load failed if it did. */
export function localEngineState(path: string): { loaded: boolean; error?: string } {
  const s = store();
  return { loaded: s.engine?.path === path, error: s.failures.get(path) };
}

/** Counters for tests and the benchmark: base loads and unloads, contexts created. */
export function localEngineStats(): { loads: number; unloads: number; contextsCreated: number } {
  const { loads, unloads, contextsCreated } = store();
  return { loads, unloads, contextsCreated };
}
