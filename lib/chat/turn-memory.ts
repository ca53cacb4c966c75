/**
 * What the model saw for each turn of a chat, so that the next prompt can repeat it token for
 * token (issue 14 item 3). A follow-up's prompt then extends the previous one instead of
 * rewriting it — earlier turns keep their sources — and a local model, which keeps each chat's
 * evaluated tokens in a sequence of its own, evaluates only the new turn. Clients send earlier
 * turns as plain questions and answers; this maps them back to what was sent.
 *
 * Kept in memory only: the evaluated tokens it matches live in memory too, and after a restart
 * a chat simply starts again from plain history.
 */
export interface SentTurn {
  /** The question as the client sends it in the conversation. */
  question: string;
  /** The answer as stored and sent back by the client. */
  answer: string;
  /** The user message the model saw for it: sources and question, or the plain question. */
  sent: string;
  /** Chunks `sent` carries with their text, by chunk id: their source number there. */
  full?: Record<string, number>;
  /** How many questions back lie the turns whose sources `sent` refers to (lib/chat/source-references). */
  refersBack?: number[];
}

/** Chats remembered; the least recently answered go first. */
const MAX_CHATS = 512;

const KEY = Symbol.for('docent.turnMemory');
function memory(): Map<string, SentTurn[]> {
  const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, SentTurn[]> };
  return (holder[KEY] ??= new Map());
}

/** The turns sent in the chat's last prompt, oldest first (empty for an unknown chat). */
export function sentTurns(chatId: string | undefined): SentTurn[] {
  return (chatId && memory().get(chatId)) || [];
}

/** Records every turn of the chat as the last prompt sent it, the answered question included. */
export function rememberSentTurns(chatId: string, turns: SentTurn[]): void {
  const chats = memory();
  chats.delete(chatId);
  chats.set(chatId, turns);
  while (chats.size > MAX_CHATS) chats.delete(chats.keys().next().value!);
}

/**
 * The message to send for the `n`-th user question of a conversation: what was sent for it
 * before when the question and its answer are unchanged (an edited chat falls back to plain).
 */
export function sentFor(turns: SentTurn[], n: number, question: string, answer: string): string | null {
  const turn = turns[n];
  return turn && turn.question === question && turn.answer.trim() === answer.trim() ? turn.sent : null;
}

/** Records the prompt's turns once its answer is known (the last turn is the one answered). */
export function rememberAnswer(chatId: string, turns: SentTurn[], answer: string): void {
  rememberSentTurns(chatId, turns.map((t, i) => (i === turns.length - 1 ? { ...t, answer } : t)));
}
