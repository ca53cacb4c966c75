import type { Queryable } from '../types';
import { OWNED_CHAT } from './chats';
import { isUuid } from './ids';

/** Edits a person makes to a stored chat from the web app: its title, and dropping its last answers. */
export async function renameChatById(q: Queryable, ownerId: string | null, id: string, title: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rowCount } = await q.query(`UPDATE chats c SET title = $3 WHERE ${OWNED_CHAT} AND c.id = $2`, [ownerId, id, title]);
  return rowCount > 0;
}

/**
 * Deletes the chat's messages from the `from`-th on (0-based, in order), e.g. the last question
 * and answer before they are asked again. Returns how many were deleted, or null when there is no such chat.
 */
export async function deleteMessagesFromPosition(
  q: Queryable,
  ownerId: string | null,
  chatId: string,
  from: number,
): Promise<number | null> {
  if (!isUuid(chatId)) return null;
  const touched = await q.query(`UPDATE chats c SET updated_at = now() WHERE ${OWNED_CHAT} AND c.id = $2`, [ownerId, chatId]);
  if (touched.rowCount === 0) return null;
  const { rowCount } = await q.query(
    `DELETE FROM messages WHERE chat_id = $1 AND ordinal IN (
       SELECT ordinal FROM messages WHERE chat_id = $1 ORDER BY ordinal OFFSET $2)`,
    [chatId, from],
  );
  return rowCount;
}
