import type { ChatMessage } from './types';
import { sentFor, type SentTurn } from './turn-memory';

/**
 * Fits the earlier conversation into what the prompt has left, newest turn first. A question
 * that was sent with its sources before is sent the same way again (from `sent`), so the new
 * prompt starts with the old one's exact tokens and a local model reuses them; the first such
 * turn that no longer fits, and every older one, go plain (question only) — and stay plain,
 * because the returned `turns` are what the next prompt repeats. What does not fit even plain is
 * dropped, oldest first. A kept conversation opens with the user, as chat templates expect.
 */
export async function fitHistory(
  history: ChatMessage[],
  remembered: SentTurn[],
  budget: number,
  count: (text: string) => Promise<number>,
  overhead: number,
): Promise<{ kept: ChatMessage[]; cost: number; turns: SentTurn[] }> {
  const questions = history.flatMap((m, i) => (m.role === 'user' ? [i] : []));
  const answerTo = (i: number) => (history[i + 1]?.role === 'assistant' ? history[i + 1].content : '');
  const sentAs = new Map<number, string>();
  let remaining = budget;
  let expanding = true;
  const kept: ChatMessage[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const message = history[i];
    let content = message.content;
    if (message.role === 'user' && expanding) {
      const sent = sentFor(remembered, questions.indexOf(i), content, answerTo(i));
      if (sent !== null && sent !== content) {
        if ((await count(sent)) + overhead <= remaining) content = sent;
        else expanding = false;
      }
    }
    const cost = (await count(content)) + overhead;
    if (cost > remaining) break;
    remaining -= cost;
    kept.unshift({ role: message.role, content });
    if (message.role === 'user') sentAs.set(i, content);
  }
  while (kept[0]?.role === 'assistant') kept.shift();
  const turns = questions.map((i) => ({ question: history[i].content, answer: answerTo(i), sent: sentAs.get(i) ?? history[i].content }));
  return { kept, cost: budget - remaining, turns };
}
