import type { ChunkResult } from '../search/search';

/** Shared chat types: what providers, prompt building and the orchestrator agree on. */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export type ChatProviderName = 'local' | 'openai' | 'quotes';

/** Why generation ended: the model stopped, or it hit the token limit. */
export type FinishReason = 'stop' | 'length';

export interface GenerateOptions {
  temperature: number;
  maxTokens: number;
  /** A LoRA to slot onto the local model for this request (checked against it beforehand). */
  adapter?: { file: string; path: string; scale: number };
  /**
   * The chat this request continues (its id): a local model keeps each chat's evaluated prompt
   * in a sequence of its own, so a follow-up evaluates only its new tokens. Unset: a shared one.
   */
  conversation?: string;
  /** Local models: a grammar makes every sentence end with a citation of one of this many sources. */
  citeSources?: number;
}

/** How much of a prompt a local model evaluated, and how much it reused from earlier requests. */
export interface PrefillStats {
  /** The prompt's tokens as the model's chat template renders them. */
  promptTokens: number;
  /** Of those, already in the sequence (same prefix) and not evaluated again. */
  reusedTokens: number;
  /** Tokens node-llama-cpp's meter counted as evaluated input for this prompt. */
  evaluatedTokens: number;
}

/** Generated text pieces, in order; `finishReason` is known once iteration has ended normally. */
export interface ChatStream extends AsyncIterable<string> {
  readonly finishReason: FinishReason | undefined;
  /** Local models: the prompt's evaluation, once it is done. */
  readonly prefill?: PrefillStats;
}

/**
 * The one interface every chat provider implements. Token budgets, prompt building and stream
 * framing live outside providers (lib/chat/prompt.ts, lib/chat/sse.ts), so a provider is only
 * "messages in, text pieces out".
 */
export interface ChatModel {
  readonly provider: ChatProviderName;
  /** The model's name as clients see it (GGUF file name, or the upstream model name). */
  readonly id: string;
  /** Tokens the model can attend to: prompt plus answer. */
  readonly contextSize: number;
  /** Tokens `text` takes with this model's tokenizer (an estimate where there is none). */
  countTokens(text: string): number | Promise<number>;
  /**
   * Starts a generation. Resolves once the model has accepted the request (the upstream
   * answered, or the local queue admitted it), so refusals — busy, unauthorised, rate limited —
   * surface as plain HTTP errors before a stream is committed to; the text pieces follow.
   * Aborting `signal` stops generation; the stream then ends early without throwing.
   */
  stream(messages: ChatMessage[], opts: GenerateOptions, signal: AbortSignal): Promise<ChatStream>;
}

/** A retrieved chunk as a numbered source of an answer (the contract's `sources` entries). */
export interface Source extends ChunkResult {
  index: number;
}
