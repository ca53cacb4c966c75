import type { ChatHistoryItem, Llama, LlamaChat, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { AppError, describeError } from '../../errors';
import { onShutdown } from '../../runtime';
import { SlotQueue } from '../slot-queue';
import type { ChatMessage, ChatModel, ChatStream, FinishReason, GenerateOptions } from '../types';
import { TextPipe } from './text-pipe';

/**
 * Prompt plus answer. CPU prefill of a 1B model costs ≈ 11 s per 1,000 tokens, so a larger
 * window would mostly buy waiting; capped by what the model was trained on.
 */
export const LOCAL_CONTEXT_SIZE = 4096;
/**
 * Prompt tokens evaluated per step before generation. node-llama-cpp checks the abort signal
 * only between generated tokens, so a long prompt evaluated in one call would keep the CPU busy
 * for seconds after a client left; slices of 64 (≈ 0.7 s on a 1B model on 2 cores) bound that.
 * Measured on a 2,280-token prompt: no slower than one call. Greedy output may drift from a
 * one-call prefill after some tokens (batches this small take another kernel path): float noise.
 */
const PREFILL_SLICE = 64;
/** Requests that may wait for the one context sequence; more get 503 + Retry-After. */
const MAX_WAITING = 8;
const SHUTDOWN_GRACE_MS = 10_000;

interface Engine {
  path: string;
  id: string;
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
  queue: SlotQueue;
}

interface Store {
  llama?: Promise<Llama>;
  engine?: { path: string; promise: Promise<Engine> };
  /** Why the last load of a path failed, for /api/health. */
  failures: Map<string, string>;
}

// One model and context per process (Next.js may evaluate this module once per bundle): a second
// copy would double the memory and make two thread pools fight over the same cores.
const KEY = Symbol.for('docent.localChat');
function store(): Store {
  const holder = globalThis as typeof globalThis & { [KEY]?: Store };
  return (holder[KEY] ??= { failures: new Map() });
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
  const { LlamaChat } = await import('node-llama-cpp');
  const llama = await getLlamaInstance();
  const model = await llama.loadModel({ modelPath: path });
  try {
    const context = await model.createContext({
      contextSize: Math.min(LOCAL_CONTEXT_SIZE, model.trainContextSize),
      sequences: 1,
      threads: llamaThreads(llama),
    });
    const chat = new LlamaChat({ contextSequence: context.getSequence() });
    const queue = new SlotQueue({ concurrency: 1, maxWaiting: MAX_WAITING, retryAfterSeconds: 10, what: `The local model ${id}` });
    return { path, id, model, context, chat, queue };
  } catch (err) {
    await model.dispose();
    throw err;
  }
}

/** Frees a replaced model once its last request is done. */
function retire(engine: Promise<Engine>): void {
  void engine.then((e) => {
    const timer = setInterval(() => {
      if (e.queue.size > 0) return;
      clearInterval(timer);
      void e.context.dispose().then(() => e.model.dispose());
    }, 1000);
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
  await engine.context.dispose();
  await engine.model.dispose();
}

/** The loaded model for `path`, loading it once per process (concurrent callers share the load). */
function getEngine(path: string, id: string): Promise<Engine> {
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

export async function loadLocalChatModel(path: string, id: string): Promise<ChatModel> {
  try {
    return new LocalChatModel(await getEngine(path, id));
  } catch (err) {
    throw new AppError(
      'model_not_ready',
      `The local chat model ${id} could not be loaded: ${describeError(err)}. Check that ${path} is a complete GGUF file ` +
        '(run `npm run models:fetch` to verify it) and that there is enough free memory.',
      503,
    );
  }
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((m): ChatHistoryItem => {
    if (m.role === 'assistant') return { type: 'model', response: [m.content] };
    return m.role === 'system' ? { type: 'system', text: m.content } : { type: 'user', text: m.content };
  });
  history.push({ type: 'model', response: [] });
  return history;
}

class LocalChatModel implements ChatModel {
  readonly provider = 'local' as const;
  readonly id: string;
  readonly contextSize: number;

  constructor(private readonly engine: Engine) {
    this.id = engine.id;
    this.contextSize = engine.context.contextSize;
  }

  countTokens(text: string): number {
    return this.engine.model.tokenize(text).length;
  }

  async stream(messages: ChatMessage[], opts: GenerateOptions, signal: AbortSignal): Promise<ChatStream> {
    const slot = this.engine.queue.admit(signal);
    const controller = new AbortController();
    const stop = () => controller.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    const pipe = new TextPipe(() => controller.abort(new Error('The reader stopped.')));
    void (async () => {
      try {
        await slot.ready;
        pipe.end(await this.generate(messages, opts, controller.signal, (text) => pipe.push(text)));
      } catch (err) {
        if (controller.signal.aborted) pipe.end(undefined);
        else pipe.fail(err);
      } finally {
        slot.release();
        signal.removeEventListener('abort', stop);
      }
    })();
    return pipe;
  }

  private async generate(messages: ChatMessage[], opts: GenerateOptions, signal: AbortSignal, onText: (text: string) => void): Promise<FinishReason | undefined> {
    const history = toHistory(messages);
    await this.prefill(history, signal);
    if (signal.aborted) return undefined;
    const response = await this.engine.chat.generateResponse(history, {
      signal,
      stopOnAbortSignal: true,
      maxTokens: opts.maxTokens,
      temperature: opts.temperature,
      onTextChunk: onText,
    });
    if (signal.aborted) return undefined;
    return response.metadata.stopReason === 'maxTokens' ? 'length' : 'stop';
  }

  /**
   * Evaluates the prompt in slices, checking the signal between them, so that generateResponse
   * finds it already in the sequence. Tokens the sequence already holds from the previous request
   * (the system message, earlier turns) are kept, not evaluated again.
   */
  private async prefill(history: ChatHistoryItem[], signal: AbortSignal): Promise<void> {
    const { chat, model } = this.engine;
    const sequence = chat.sequence;
    const { contextText } = chat.chatWrapper.generateContextState({ chatHistory: history });
    // generateResponse evaluates the last prompt token itself, to sample the first answer token.
    const tokens = contextText.tokenize(model.tokenizer).slice(0, -1);
    const { firstDifferentIndex } = sequence.compareContextTokens(tokens);
    if (firstDifferentIndex < sequence.nextTokenIndex) {
      await sequence.eraseContextTokenRanges([{ start: firstDifferentIndex, end: sequence.nextTokenIndex }]);
    }
    for (let at = firstDifferentIndex; at < tokens.length && !signal.aborted; at += PREFILL_SLICE) {
      await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(at, at + PREFILL_SLICE));
    }
  }
}
