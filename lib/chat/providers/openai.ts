import OpenAI from 'openai';
import { AppError } from '../../errors';
import type { ChatMessage, ChatModel, ChatStream, FinishReason, GenerateOptions } from '../types';

export interface OpenAIChatConfig {
  /** Unset: OpenAI itself. Set it for vLLM, llama.cpp server, Ollama, LM Studio… */
  baseURL?: string;
  apiKey?: string;
  model: string;
  /** The upstream's window is unknown; 8192 is what current served models offer at least. */
  contextSize?: number;
  /** How long the upstream may stay silent — before its first token, and between chunks. */
  silenceTimeoutMs?: number;
}

export const OPENAI_DEFAULT_CONTEXT = 8192;
export const OPENAI_SILENCE_TIMEOUT_MS = 60_000;

/** The upstream as named in messages: its origin only, never credentials or the key. */
function upstreamName(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com';
  try {
    return new URL(baseURL).host;
  } catch {
    return 'the configured OPENAI_BASE_URL';
  }
}

function retryAfterSeconds(headers: Headers | undefined): string {
  const ms = Number(headers?.get('retry-after-ms'));
  if (ms > 0) return String(Math.ceil(ms / 1000));
  const raw = headers?.get('retry-after');
  const seconds = Number(raw);
  if (raw && seconds >= 0) return String(Math.ceil(seconds));
  const date = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(date) ? String(Math.max(1, Math.ceil((date - Date.now()) / 1000))) : '10';
}

/** Upstream failures as errors a client can act on. The upstream's own text is not passed on: it can echo a key. */
function upstreamError(err: unknown, host: string, model: string, timeoutMs: number | null, midStream = false): unknown {
  if (timeoutMs !== null) {
    return new AppError(
      'upstream_timeout',
      `The LLM server ${host} sent nothing for ${Math.round(timeoutMs / 1000)} seconds; check that it is running and not overloaded, then try again.`,
      504,
    );
  }
  if (err instanceof OpenAI.APIConnectionError && !midStream) {
    return new AppError('upstream_unreachable', `Docent could not reach the LLM server ${host}; check OPENAI_BASE_URL and that the server is running.`, 502);
  }
  if (!(err instanceof OpenAI.APIError) || err instanceof OpenAI.APIConnectionError) {
    // Reading the stream itself failed: the connection dropped or the server sent garbage.
    if (!midStream) return err;
    return new AppError('upstream_error', `The LLM server ${host} broke off its answer; try again, and check that server's logs if it persists.`, 502);
  }
  const status = err.status;
  console.warn(`[llm] upstream ${host} answered ${status ?? 'an error mid-stream'}${err.code ? ` (${err.code})` : ''}`);
  if (status === 401 || status === 403) {
    return new AppError('upstream_unauthorized', `The LLM server ${host} rejected Docent's credentials (HTTP ${status}); check OPENAI_API_KEY.`, 502);
  }
  if (status === 429) {
    const wait = retryAfterSeconds(err.headers);
    return new AppError('upstream_rate_limited', `The LLM server ${host} is rate limiting Docent; try again in ${wait} seconds.`, 429, { 'Retry-After': wait });
  }
  if (status === 404) {
    return new AppError('upstream_error', `The LLM server ${host} does not know the model "${model}" (HTTP 404); check LLM_MODEL and OPENAI_BASE_URL.`, 502);
  }
  const what = status ? `answered HTTP ${status}` : 'reported an error while answering';
  return new AppError('upstream_error', `The LLM server ${host} ${what}; try again, and check that server's logs if it persists.`, 502);
}

/** An OpenAI-compatible chat endpoint through the official SDK. */
export class OpenAIChatModel implements ChatModel {
  readonly provider = 'openai' as const;
  readonly id: string;
  readonly contextSize: number;
  private readonly client: OpenAI;
  private readonly host: string;
  private readonly silenceMs: number;

  constructor(config: OpenAIChatConfig) {
    this.id = config.model;
    this.contextSize = config.contextSize ?? OPENAI_DEFAULT_CONTEXT;
    this.host = upstreamName(config.baseURL);
    this.silenceMs = config.silenceTimeoutMs ?? OPENAI_SILENCE_TIMEOUT_MS;
    this.client = new OpenAI({
      baseURL: config.baseURL,
      // Local servers need no key, but the SDK insists on one (and would read the environment itself).
      apiKey: config.apiKey ?? 'no-key',
      // A silent retry would hide a 429's Retry-After from our client and multiply a hang.
      maxRetries: 0,
    });
  }

  /** No tokenizer for an arbitrary upstream: ~3 characters per token over-counts English a little, which is the safe side. */
  countTokens(text: string): number {
    return Math.ceil(text.length / 3);
  }

  async stream(messages: ChatMessage[], opts: GenerateOptions, signal: AbortSignal): Promise<ChatStream> {
    signal.throwIfAborted();
    const controller = new AbortController();
    const forward = () => controller.abort(signal.reason);
    signal.addEventListener('abort', forward, { once: true });
    let timedOut: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = this.silenceMs;
        controller.abort(new Error('upstream silent'));
      }, this.silenceMs);
    };
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', forward);
      controller.abort(); // closes the upstream connection if the reader stopped early
    };

    arm();
    let upstream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
    try {
      upstream = await this.client.chat.completions.create(
        { model: this.id, messages, stream: true, temperature: opts.temperature, max_tokens: opts.maxTokens },
        { signal: controller.signal },
      );
    } catch (err) {
      cleanup();
      if (signal.aborted) throw signal.reason;
      throw upstreamError(err, this.host, this.id, timedOut);
    }

    const state: { finishReason: FinishReason | undefined } = { finishReason: undefined };
    const { host, id } = this;
    async function* pieces(): AsyncGenerator<string> {
      let reason: FinishReason = 'stop';
      try {
        for await (const chunk of upstream) {
          arm();
          const choice = chunk.choices?.[0];
          if (choice?.finish_reason === 'length') reason = 'length';
          if (choice?.delta?.content) yield choice.delta.content;
        }
        // The SDK ends a stream quietly when it is aborted, so the silence timer's abort shows here.
        if (timedOut !== null) throw new Error('upstream silent');
        if (signal.aborted) return;
        state.finishReason = reason;
      } catch (err) {
        if (signal.aborted) return; // the caller left; ending quietly is the point
        throw upstreamError(err, host, id, timedOut, true);
      } finally {
        cleanup();
      }
    }
    return {
      [Symbol.asyncIterator]: pieces,
      get finishReason() {
        return state.finishReason;
      },
    };
  }
}
