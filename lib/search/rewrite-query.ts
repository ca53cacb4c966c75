import type { ChatMessage, ChatModel } from '../chat/types';

/**
 * Follow-up questions: "and who funded it?" searched alone finds nothing about "it". The
 * query actually searched is made standalone from the recent turns — by the chat model when
 * it is an OpenAI-compatible one (good at this, and cheap next to the answer), else by a
 * fallback that costs nothing: the previous question followed by the current one, so the
 * entity the first turn named is in the query (hybrid search weighs both halves).
 */

export type QueryMethod = 'as-asked' | 'model' | 'previous-question';

export interface SearchQuery {
  query: string;
  method: QueryMethod;
}

/** Asks a chat model for a completion of `messages` and returns its text. */
export type Completer = (messages: ChatMessage[], signal?: AbortSignal) => Promise<string>;

/** Turns the model sees: enough for "it" two questions back, short enough to stay cheap. */
const RECENT_MESSAGES = 6;
const MAX_TURN_CHARS = 600;
const MAX_QUERY_CHARS = 400;
/** How long a rewrite may take before the cheap fallback is searched instead. */
const REWRITE_BUDGET_MS = 3_000;

export const REWRITE_INSTRUCTIONS =
  'You turn the last question of a conversation into one standalone search query. Replace pronouns ' +
  'and references ("it", "they", "that paper", "the second one") with what they refer to, keep every ' +
  'name and term the question uses, and add nothing else. If the question already stands alone, ' +
  'repeat it unchanged. Reply with the query only, on one line, without quotes.';

function userQuestions(messages: ChatMessage[]): string[] {
  return messages.filter((m) => m.role === 'user').map((m) => m.content.trim()).filter(Boolean);
}

/** The cheap fallback: previous question, then the current one. */
export function fallbackQuery(messages: ChatMessage[]): SearchQuery {
  const questions = userQuestions(messages);
  const question = questions.at(-1) ?? '';
  if (questions.length < 2) return { query: question, method: 'as-asked' };
  return { query: `${questions.at(-2)}\n${question}`, method: 'previous-question' };
}

/** The model's reply as a query: its first non-empty line, unquoted; null when unusable. */
export function cleanRewrite(reply: string): string | null {
  const line = reply
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean)
    ?.replace(/^(standalone )?(search )?query:\s*/i, '')
    .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, '')
    .trim();
  return line && line.length <= MAX_QUERY_CHARS ? line : null;
}

/**
 * The query to search for the last user message. Without an earlier question it is the
 * question as asked. With `complete`, the model rewrites it; a failure or an unusable reply
 * falls back, so a follow-up is never searched with less than the fallback gives.
 */
export async function standaloneQuery(messages: ChatMessage[], complete?: Completer, signal?: AbortSignal): Promise<SearchQuery> {
  const fallback = fallbackQuery(messages);
  if (fallback.method === 'as-asked' || !complete) return fallback;
  const recent = messages
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .slice(-RECENT_MESSAGES)
    .map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content.trim().slice(0, MAX_TURN_CHARS)}`)
    .join('\n');
  try {
    const reply = await complete(
      [
        { role: 'system', content: REWRITE_INSTRUCTIONS },
        { role: 'user', content: `Conversation:\n${recent}\n\nStandalone search query for the last question:` },
      ],
      signal,
    );
    const query = cleanRewrite(reply);
    return query ? { query, method: 'model' } : fallback;
  } catch {
    signal?.throwIfAborted();
    return fallback;
  }
}

/** An OpenAI-compatible chat model as a Completer; none for local models (the fallback is used). */
export function completerFor(model: ChatModel): Completer | undefined {
  if (model.provider !== 'openai') return undefined;
  return async (messages, signal) => {
    // The reader waits for the answer behind this: a slow rewrite is abandoned for the fallback.
    const budget = AbortSignal.timeout(REWRITE_BUDGET_MS);
    const stream = await model.stream(messages, { temperature: 0, maxTokens: 80 }, signal ? AbortSignal.any([signal, budget]) : budget);
    let text = '';
    for await (const piece of stream) {
      text += piece;
      if (text.includes('\n') || text.length > MAX_QUERY_CHARS) break; // one line is the whole query
    }
    return text;
  };
}
