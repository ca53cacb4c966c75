import type { ChatMessage } from './types';
import { sentFor, type SentTurn } from './turn-memory';

/**
 * Fits the earlier conversation into what the prompt has left, newest turn first. A question
 * that was sent with its sources before is sent the same way again (from `sent`), so the new
 * prompt starts with the old one's exact tokens and a local model reuses them; the first such
 * turn that no longer fits, and every older one, go plain (question only) — and stay plain,
 * because the returned `turns` are what the next prompt repeats. What does not fit even plain is
 * dropped, oldest first. A kept conversation opens with the user, as chat templates expect.
 *
 * A turn whose sources refer to an earlier turn's text (lib/chat/source-references) is sent as
 * before only while that earlier turn is too; otherwise it goes plain, never pointing at text
 * the prompt no longer holds. Returned turns keep `full` only when their sources are in the prompt.
 */
export async function fitHistory(
  history: ChatMessage[],
  remembered: SentTurn[],
  budget: number,
  count: (text: string) => Promise<number>,
  overhead: number,
): Promise<{ kept: ChatMessage[]; cost: number; turns: SentTurn[] }> {
  const plain = new Set<number>();
  for (;;) {
    const fitted = await fitOnce(history, remembered, budget, count, overhead, plain);
    const broken = fitted.turns.flatMap((t, n) => (t.refersBack?.some((back) => !fitted.turns[n - back]?.full) ? [n] : []));
    if (!broken.length) return fitted;
    // Plain turns only free budget; each round turns at least one more plain, so this ends.
    for (const n of broken) plain.add(n);
  }
}

async function fitOnce(
  history: ChatMessage[],
  remembered: SentTurn[],
  budget: number,
  count: (text: string) => Promise<number>,
  overhead: number,
  plain: Set<number>,
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
    const n = questions.indexOf(i);
    if (message.role === 'user' && expanding && !plain.has(n)) {
      const sent = sentFor(remembered, n, content, answerTo(i));
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
  const turns = questions.map((i, n): SentTurn => {
    const turn = { question: history[i].content, answer: answerTo(i), sent: sentAs.get(i) ?? history[i].content };
    const before = remembered[n];
    const asBefore = sentAs.has(i) && before?.full && sentFor(remembered, n, turn.question, turn.answer) === turn.sent;
    return asBefore ? { ...turn, full: before.full, refersBack: before.refersBack } : turn;
  });
  return { kept, cost: budget - remaining, turns };
}
