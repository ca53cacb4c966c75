import { describe, expect, it } from 'vitest';
import { fitHistory } from './prompt-history';
import type { ChatMessage } from './types';
import type { SentTurn } from './turn-memory';

// One token per character keeps the budgets readable.
const count = async (text: string) => text.length;
const turn = (n: number, sources: string): SentTurn => ({ question: `q${n}`, answer: `a${n}`, sent: `${sources}q${n}` });
const history: ChatMessage[] = [1, 2, 3].flatMap((n) => [{ role: 'user' as const, content: `q${n}` }, { role: 'assistant' as const, content: `a${n}` }]);
const remembered = [turn(1, 'SSSSSSSSSS'), turn(2, 'SSSSSSSSSS'), turn(3, 'SSSSSSSSSS')];

describe('fitHistory', () => {
  it('sends earlier questions as they were sent before, sources and all, when they fit', async () => {
    const { kept, cost, turns } = await fitHistory(history, remembered, 1000, count, 0);
    expect(kept.map((m) => m.content)).toEqual(['SSSSSSSSSSq1', 'a1', 'SSSSSSSSSSq2', 'a2', 'SSSSSSSSSSq3', 'a3']);
    expect(cost).toBe(3 * 12 + 3 * 2);
    expect(turns).toEqual(remembered);
  });

  it('sends the oldest turns plain once their sources no longer fit, and remembers them plain', async () => {
    // Room for two turns with sources and one plain.
    const { kept, turns } = await fitHistory(history, remembered, 2 * 14 + 4, count, 0);
    expect(kept.map((m) => m.content)).toEqual(['q1', 'a1', 'SSSSSSSSSSq2', 'a2', 'SSSSSSSSSSq3', 'a3']);
    expect(turns.map((t) => t.sent)).toEqual(['q1', 'SSSSSSSSSSq2', 'SSSSSSSSSSq3']);
    // Next time the plain turn stays plain, so the prompt keeps the same prefix.
    const again = await fitHistory(history, turns, 1000, count, 0);
    expect(again.kept[0].content).toBe('q1');
  });

  it('keeps a turn plain whose question or answer was edited since it was sent', async () => {
    const edited = history.map((m) => (m.content === 'a2' ? { ...m, content: 'a2, edited' } : m));
    const { kept } = await fitHistory(edited, remembered, 1000, count, 0);
    expect(kept.map((m) => m.content)).toEqual(['SSSSSSSSSSq1', 'a1', 'q2', 'a2, edited', 'SSSSSSSSSSq3', 'a3']);
  });

  it('drops the oldest turns that do not fit even plain, and never opens with an answer', async () => {
    const { kept } = await fitHistory(history, [], 7, count, 0);
    expect(kept.map((m) => m.content)).toEqual(['q3', 'a3']);
  });
});
