import { parseCitations } from '@/lib/chat/citations';
import type { MessageView } from '@/lib/chat/chats';
import type { Exchange } from './types';

let counter = 0;
export const newKey = () => `x${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A stored chat's messages as question/answer pairs (a question without an answer keeps an empty one). */
export function exchangesFromMessages(messages: MessageView[]): Exchange[] {
  const out: Exchange[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      out.push({ key: m.id, question: m.content, answer: '', sources: [], status: 'done', stored: true });
      continue;
    }
    const last = out.at(-1);
    const target = last && last.answer === '' && last.sources.length === 0 ? last : undefined;
    const answer = {
      answer: m.content,
      sources: m.sources ?? [],
      finishReason: m.finishReason,
      trace: m.trace ?? null,
      status: m.finishReason === 'aborted' ? ('stopped' as const) : m.finishReason === 'error' ? ('error' as const) : ('done' as const),
      error: m.finishReason === 'error' ? 'The answer broke off.' : undefined,
    };
    if (target) Object.assign(target, answer);
    else out.push({ key: m.id, question: '', stored: true, ...answer });
  }
  return out;
}

/** The conversation sent with a new question: earlier exchanges that have an answer. */
export function historyOf(exchanges: Exchange[]): { role: 'user' | 'assistant'; content: string }[] {
  return exchanges.flatMap((e) =>
    e.stored && e.question && e.answer.trim()
      ? [
          { role: 'user' as const, content: e.question },
          { role: 'assistant' as const, content: e.answer },
        ]
      : [],
  );
}

/** How many messages the server holds for these exchanges (it stores two per answered question). */
export const storedMessageCount = (exchanges: Exchange[]) => exchanges.filter((e) => e.stored).length * 2;

/** Source numbers an answer cites. */
export const citedIndexes = (answer: string): Set<number> => new Set(parseCitations(answer));
