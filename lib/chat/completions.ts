import { describeError, isAppError } from '../errors';
import { type Answer, type AnswerRequest, startAnswer } from './answer';
import { progressComment, progressRelay } from './progress';
import { sseResponse, type SseWriter } from './sse';

/**
 * POST /v1/chat/completions in OpenAI's wire format, plus Docent's top-level `sources` and
 * `chat_id` (in the object, or in the first stream chunk).
 */
export interface CompletionRequest extends AnswerRequest {
  stream: boolean;
  /** `stream_options.include_usage`: a last chunk with token counts and no choices. */
  includeUsage?: boolean;
}

export const KEEP_ALIVE_MS = 15_000;

const wireSources = (answer: Answer) =>
  answer.sources.map(({ index, chunkId, documentId, documentName, text, score, page }) => ({ index, chunkId, documentId, documentName, text, score, page }));

function usage(answer: Answer) {
  const completion = answer.outcome().completionTokens;
  return { prompt_tokens: answer.promptTokens, completion_tokens: completion, total_tokens: answer.promptTokens + completion };
}

/** The error object of the contract, for a stream that has already begun. */
function streamError(err: unknown): { code: string; message: string } {
  if (isAppError(err)) return { code: err.code, message: err.message };
  console.error('[chat] answer failed mid-stream:', describeError(err));
  return { code: 'internal_error', message: 'The answer broke off because of a server error; try again, and check the server log if it persists.' };
}

export async function createChatCompletion(request: CompletionRequest, signal: AbortSignal, keepAliveMs = KEEP_ALIVE_MS): Promise<Response> {
  // One controller for "stop generating": the request's signal (client disconnect) or the
  // response stream being cancelled, whichever Next.js reports first.
  const controller = new AbortController();
  const stop = () => controller.abort(signal.reason ?? new Error('The client disconnected.'));
  if (signal.aborted) stop();
  signal.addEventListener('abort', stop, { once: true });
  // A long document read section by section says so before its answer begins: a stream then
  // opens at the first progress report rather than when the answer is ready (lib/chat/progress.ts).
  const progress = progressRelay();
  const starting = startAnswer({ ...request, onProgress: progress.report }, controller.signal);
  let answer: Answer | null;
  try {
    answer = request.stream ? await Promise.race([starting, progress.first.then(() => null)]) : await starting;
  } catch (err) {
    signal.removeEventListener('abort', stop);
    throw err;
  }
  if (!answer) {
    return sseResponse(
      async (out) => {
        progress.listen((p) => out.comment(progressComment(p)));
        let started: Answer;
        try {
          started = await starting;
        } catch (err) {
          signal.removeEventListener('abort', stop);
          if (!controller.signal.aborted) out.send({ error: streamError(err) });
          out.send('[DONE]');
          return;
        }
        await streamChunks(out, started, request, controller, () => signal.removeEventListener('abort', stop));
      },
      { keepAliveMs, onCancel: () => controller.abort(new Error('The client disconnected.')) },
    );
  }
  const headers: Record<string, string> = answer.chatId ? { 'X-Chat-Id': answer.chatId } : {};
  const chatRef = answer.chatId ? { chat_id: answer.chatId } : {};
  const sources = wireSources(answer);
  const base = { id: answer.id, created: answer.created, model: answer.model };

  if (!request.stream) {
    let content = '';
    try {
      for await (const piece of answer.deltas()) content += piece;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    const { finishReason } = answer.outcome();
    return Response.json(
      {
        ...base,
        object: 'chat.completion',
        ...chatRef,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason === 'length' ? 'length' : 'stop', logprobs: null }],
        usage: usage(answer),
        sources,
      },
      { headers },
    );
  }

  const ready = answer;
  return sseResponse(
    (out) => streamChunks(out, ready, request, controller, () => signal.removeEventListener('abort', stop)),
    { keepAliveMs, onCancel: () => controller.abort(new Error('The client disconnected.')), headers },
  );
}

/** The answer as chat.completion.chunk events, the first carrying the sources, then [DONE]. */
async function streamChunks(out: SseWriter, answer: Answer, request: CompletionRequest, controller: AbortController, finished: () => void): Promise<void> {
  const base = { id: answer.id, created: answer.created, model: answer.model };
  const chatRef = answer.chatId ? { chat_id: answer.chatId } : {};
  const chunk = (delta: Record<string, string>, finishReason: string | null = null) => ({
    ...base,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  });
  try {
    out.send({ ...chunk({ role: 'assistant', content: '' }), ...chatRef, sources: wireSources(answer) });
    for await (const piece of answer.deltas()) {
      if (!out.open) break; // ending the loop stops generation and stores what there is
      out.send(chunk({ content: piece }));
    }
    if (controller.signal.aborted || !out.open) return;
    out.send(chunk({}, answer.outcome().finishReason === 'length' ? 'length' : 'stop'));
    if (request.includeUsage) out.send({ ...base, object: 'chat.completion.chunk', choices: [], usage: usage(answer) });
  } catch (err) {
    if (!controller.signal.aborted) out.send({ error: streamError(err) });
  } finally {
    finished();
  }
  out.send('[DONE]');
}
