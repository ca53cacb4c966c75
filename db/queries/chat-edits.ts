import type { Queryable } from '../types';
import { isChatId } from './chats';

/** Edits a person makes to a stored chat from the web app: its title, and dropping its last answers. */
export async function renameChatById(q: Queryable, id: string, title: string): Promise<boolean> {
  if (!isChatId(id)) return false;
  const { rowCount } = await q.query('UPDATE chats SET title = $2 WHERE id = $1', [id, title]);
  return rowCount > 0;
}

/**
 * Deletes the chat's messages from the `from`-th on (0-based, in order), e.g. the last question
 * and answer before they are asked again. Returns how many were deleted, or null when there is no such chat.
 */
export async function deleteMessagesFromPosition(q: Queryable, chatId: string, from: number): Promise<number | null> {
  if (!isChatId(chatId)) return null;
  const touched = await q.query('UPDATE chats SET updated_at = now() WHERE id = $1', [chatId]);
  if (touched.rowCount === 0) return null;
  const { rowCount } = await q.query(
    `DELETE FROM messages WHERE chat_id = $1 AND ordinal IN (
       SELECT ordinal FROM messages WHERE chat_id = $1 ORDER BY ordinal OFFSET $2)`,
    [chatId, from],
  );
  return rowCount;
}
