import type { ChatHistoryItem, LlamaChat } from 'node-llama-cpp';
import { AppError, describeError } from '../../errors';
import type { ChatMessage, ChatModel, ChatStream, FinishReason, GenerateOptions, PrefillStats } from '../types';
import { contextFor, type Engine, getEngine, slotFor } from './local-engine';
import { RepetitionGuard } from '../repetition';
import { TextPipe } from './text-pipe';
import { citationGrammar } from './citation-grammar';
import { DRY_SEQUENCE_BREAKERS, type SamplingDefaults, samplingFor } from './local-sampling';

export { getLlamaInstance, LOCAL_CONTEXT_SIZE, llamaThreads, localEngineState, localEngineStats } from './local-engine';

/**
 * Prompt tokens evaluated per step before generation. node-llama-cpp checks the abort signal
 * only between generated tokens, so a long prompt evaluated in one call would keep the CPU busy
 * for seconds after a client left; slices of 64 (≈ 0.7 s on a 1B model on 2 cores) bound that.
 * Measured on a 2,280-token prompt: no slower than one call. Greedy output may drift from a
 * one-call prefill after some tokens (batches this small take another kernel path): float noise.
 */
const PREFILL_SLICE = 64;
export async function loadLocalChatModel(path: string, id: string): Promise<ChatModel> {
  try {
    const engine = await getEngine(path, id);
    // Read per request (a small file, the header cached): an edited override applies at once.
    return new LocalChatModel(engine, (await samplingFor(path)).sampling);
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

  constructor(
    private readonly engine: Engine,
    private readonly sampling: SamplingDefaults,
  ) {
    this.id = engine.id;
    this.contextSize = engine.contexts.get('')?.context.contextSize ?? engine.model.trainContextSize;
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
        pipe.end(await this.generate(messages, opts, controller.signal, pipe));
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

  private async generate(messages: ChatMessage[], opts: GenerateOptions, signal: AbortSignal, pipe: TextPipe): Promise<FinishReason | undefined> {
    const history = toHistory(messages);
    // The chat's own sequence (per adapter context), holding what its last answer evaluated.
    const { chat } = await slotFor(await contextFor(this.engine, opts.adapter), opts.conversation ?? '');
    pipe.prefill = await this.prefill(chat, history, signal);
    if (signal.aborted) return undefined;
    // A sentence coming back a third time ends the answer there, as if the model had stopped.
    const guard = new RepetitionGuard();
    const looped = new AbortController();
    const { repeatPenalty, dry } = this.sampling;
    const response = await chat.generateResponse(history, {
      signal: AbortSignal.any([signal, looped.signal]),
      stopOnAbortSignal: true,
      maxTokens: opts.maxTokens,
      temperature: opts.temperature,
      // The prompt's sources are not penalised (only generated tokens), so quoting them stays possible.
      repeatPenalty: { ...repeatPenalty, penalizeNewLine: false },
      dryRepeatPenalty: dry ? { ...dry, sequenceBreakers: DRY_SEQUENCE_BREAKERS } : undefined,
      grammar: opts.citeSources ? await citationGrammar(opts.citeSources) : undefined,
      onTextChunk: (text) => {
        if (looped.signal.aborted) return;
        pipe.push(text);
        if (guard.push(text)) looped.abort();
      },
    });
    if (signal.aborted) return undefined;
    if (looped.signal.aborted) return 'stop';
    return response.metadata.stopReason === 'maxTokens' ? 'length' : 'stop';
  }

  /**
   * Evaluates the prompt in slices, checking the signal between them, so that generateResponse
   * finds it already in the sequence. Tokens the sequence already holds from the previous request
   * (the system message, earlier turns with their sources, the last answer) are kept, not
   * evaluated again (LlamaChat aligns the same way: adaptStateToTokens keeps the common prefix).
   */
  private async prefill(chat: LlamaChat, history: ChatHistoryItem[], signal: AbortSignal): Promise<PrefillStats> {
    const { model } = this.engine;
    const sequence = chat.sequence;
    const { contextText } = chat.chatWrapper.generateContextState({ chatHistory: history });
    const all = contextText.tokenize(model.tokenizer);
    // generateResponse evaluates the last prompt token itself, to sample the first answer token.
    const tokens = all.slice(0, -1);
    const { firstDifferentIndex } = sequence.compareContextTokens(tokens);
    if (firstDifferentIndex < sequence.nextTokenIndex) {
      await sequence.eraseContextTokenRanges([{ start: firstDifferentIndex, end: sequence.nextTokenIndex }]);
    }
    const before = sequence.tokenMeter.usedInputTokens;
    for (let at = firstDifferentIndex; at < tokens.length && !signal.aborted; at += PREFILL_SLICE) {
      await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(at, at + PREFILL_SLICE));
    }
    // + 1: the last prompt token, which generateResponse evaluates.
    return { promptTokens: all.length, reusedTokens: firstDifferentIndex, evaluatedTokens: sequence.tokenMeter.usedInputTokens - before + 1 };
  }
}
