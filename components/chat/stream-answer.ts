import { ApiError, apiError } from '../api-client';
import { createSseParser } from './sse';
import type { AnswerProgress } from '@/lib/chat/progress';
import type { Source } from './types';
import type { AnswerChoiceFields } from './use-answer-options';

export interface AnswerRequest {
  messages: { role: 'user' | 'assistant'; content: string }[];
  chatId?: string | null;
  collection?: string | null;
  /** Answer from this document read whole instead of searching. */
  documentId?: string | null;
  /** The chat's adapter / answer mode when changed (use-answer-options.ts). */
  choices?: AnswerChoiceFields;
}

export interface AnswerHandlers {
  /** The first chunk: the chat the exchange is stored in, and the sources the model was given. */
  onStart(chatId: string | null, sources: Source[]): void;
  onDelta(text: string): void;
  /** Before the answer begins: a long document being read section by section. */
  onProgress?(progress: AnswerProgress): void;
}

const PROGRESS = 'progress ';

/** A `: progress {…}` comment's report, or null for keep-alives and anything unreadable. */
export function parseProgress(comment: string): AnswerProgress | null {
  if (!comment.startsWith(PROGRESS)) return null;
  try {
    const p = JSON.parse(comment.slice(PROGRESS.length));
    return Number.isInteger(p?.section) && Number.isInteger(p?.sections) ? { stage: 'reading', section: p.section, sections: p.sections } : null;
  } catch {
    return null;
  }
}

export type AnswerEnd = { kind: 'done'; finishReason: string | null } | { kind: 'aborted' } | { kind: 'error'; message: string };

/**
 * POST /v1/chat/completions with stream: true, read as server-sent events. Aborting `signal`
 * closes the connection, which is what stops generation on the server.
 */
export async function streamAnswer(request: AnswerRequest, signal: AbortSignal, handlers: AnswerHandlers): Promise<AnswerEnd> {
  let response: Response;
  try {
    response = await fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stream: true,
        store: true, // the browser's own chats always land in the sidebar
        messages: request.messages,
        ...(request.chatId ? { chat_id: request.chatId } : {}),
        ...(request.collection ? { collection: request.collection } : {}),
        ...(request.documentId ? { document_ids: [request.documentId] } : {}),
        ...request.choices,
      }),
      signal,
    });
  } catch {
    if (signal.aborted) return { kind: 'aborted' };
    throw new ApiError('Docent could not be reached; check that the server is running and try again.', 0, 'network_error');
  }
  if (!response.ok || !response.body) throw await apiError(response);

  let started = false;
  let finishReason: string | null = null;
  let failure: string | null = null;
  const parser = createSseParser((data) => {
    if (data === '[DONE]') return;
    let chunk: any;
    try {
      chunk = JSON.parse(data);
    } catch {
      return; // a malformed event is skipped, not fatal
    }
    if (chunk?.error) {
      failure = String(chunk.error.message ?? 'The answer broke off; try again.');
      return;
    }
    if (!started) {
      started = true;
      handlers.onStart(typeof chunk.chat_id === 'string' ? chunk.chat_id : null, Array.isArray(chunk.sources) ? chunk.sources : []);
    }
    const choice = chunk?.choices?.[0];
    if (typeof choice?.delta?.content === 'string' && choice.delta.content) handlers.onDelta(choice.delta.content);
    if (choice?.finish_reason) finishReason = choice.finish_reason;
  }, (comment) => {
    const progress = parseProgress(comment);
    if (progress && !started) handlers.onProgress?.(progress);
  });

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(value);
    }
    parser.end();
  } catch {
    if (signal.aborted) return { kind: 'aborted' };
    return { kind: 'error', message: 'The connection to Docent broke off mid-answer; try again.' };
  }
  if (failure) return { kind: 'error', message: failure };
  if (signal.aborted) return { kind: 'aborted' };
  return { kind: 'done', finishReason };
}
