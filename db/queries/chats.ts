import type { Queryable } from '../types';
import { isUuid } from './ids';

export interface ChatRow {
  id: string;
  title: string;
  collection: string | null;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A source as stored with an answer (a copy: it outlives the document). */
export interface MessageSource {
  index: number;
  chunkId: string;
  documentId: string;
  documentName: string;
  text: string;
  score: number;
  page: number | null;
  cited: boolean;
}

export type MessageRole = 'user' | 'assistant';
export type MessageFinish = 'stop' | 'length' | 'aborted' | 'error';

export interface MessageRow {
  id: string;
  role: MessageRole;
  content: string;
  sources: MessageSource[];
  finishReason: MessageFinish | null;
  /** For an answer: the query that was searched (a follow-up's standalone form); null if none. */
  searchQuery: string | null;
  /** For an answer: its trace (lib/chat/trace.ts), stored as JSON; null for questions and older answers. */
  trace: unknown;
  createdAt: Date;
}

export interface NewMessage {
  /** Chosen by the caller when it updates the message later (the trace's citation check). */
  id?: string;
  role: MessageRole;
  content: string;
  sources?: MessageSource[];
  finishReason?: MessageFinish | null;
  searchQuery?: string | null;
  trace?: unknown;
}

const SELECT_CHAT = `
  SELECT c.id, c.title, c.collection, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         (SELECT count(*)::int FROM messages m WHERE m.chat_id = c.id) AS "messageCount"
  FROM chats c`;

/** Chats are private to their owner ($1: a user id, or NULL before any account exists). */
export const OWNED_CHAT = 'c.owner_id IS NOT DISTINCT FROM $1::uuid';

/** The viewer's chats, most recently active first. */
export async function listChats(q: Queryable, ownerId: string | null, limit = 200): Promise<ChatRow[]> {
  const { rows } = await q.query<ChatRow>(
    `${SELECT_CHAT} WHERE ${OWNED_CHAT} ORDER BY c.updated_at DESC, c.id LIMIT $2`,
    [ownerId, limit],
  );
  return rows;
}

export async function getChatById(q: Queryable, ownerId: string | null, id: string): Promise<ChatRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<ChatRow>(`${SELECT_CHAT} WHERE ${OWNED_CHAT} AND c.id = $2`, [ownerId, id]);
  return rows[0] ?? null;
}

export async function listMessagesByChatId(q: Queryable, chatId: string): Promise<MessageRow[]> {
  const { rows } = await q.query<MessageRow>(
    `SELECT id, role, content, sources, finish_reason AS "finishReason", search_query AS "searchQuery",
            trace, created_at AS "createdAt"
     FROM messages WHERE chat_id = $1 ORDER BY ordinal`,
    [chatId],
  );
  return rows;
}

export async function deleteChatById(q: Queryable, ownerId: string | null, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rowCount } = await q.query(`DELETE FROM chats c WHERE ${OWNED_CHAT} AND c.id = $2`, [ownerId, id]);
  return rowCount > 0;
}

export async function insertChat(
  q: Queryable,
  chat: { id: string; ownerId: string | null; title: string; collection: string | null },
): Promise<void> {
  await q.query('INSERT INTO chats (id, owner_id, title, collection) VALUES ($1, $2, $3, $4)', [
    chat.id,
    chat.ownerId,
    chat.title,
    chat.collection,
  ]);
}

/**
 * Appends messages after the chat's last one. Run inside a transaction: the UPDATE locks the
 * chat row, so concurrent appends to one chat take turns instead of colliding on an ordinal.
 * Returns false, storing nothing, when the chat no longer exists (deleted mid-answer).
 */
export async function appendMessagesToChat(q: Queryable, chatId: string, messages: NewMessage[]): Promise<boolean> {
  const touched = await q.query('UPDATE chats SET updated_at = now() WHERE id = $1', [chatId]);
  if (touched.rowCount === 0) return false;
  const { rows } = await q.query<{ next: number }>(
    'SELECT coalesce(max(ordinal) + 1, 0)::int AS next FROM messages WHERE chat_id = $1',
    [chatId],
  );
  let ordinal = rows[0].next;
  for (const m of messages) {
    await q.query(
      `INSERT INTO messages (id, chat_id, ordinal, role, content, sources, finish_reason, search_query, trace)
       VALUES (coalesce($7::uuid, gen_random_uuid()), $1, $2, $3, $4, $5::jsonb, $6, $8, $9::jsonb)`,
      [chatId, ordinal++, m.role, m.content, JSON.stringify(m.sources ?? []), m.finishReason ?? null, m.id ?? null, m.searchQuery ?? null, m.trace == null ? null : JSON.stringify(m.trace)],
    );
  }
  return true;
}

/** Replaces an answer's trace (after its citation check); false when the message is gone. */
export async function updateMessageTrace(q: Queryable, messageId: string, trace: unknown): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE messages SET trace = $2::jsonb WHERE id = $1', [messageId, JSON.stringify(trace)]);
  return rowCount > 0;
}
