import type { Database } from '@/db';
import { deleteMessagesFromPosition, renameChatById } from '@/db/queries/chat-edits';
import type { Viewer } from './auth/viewer';
import { notFound } from './errors';

/** A chat title: one line, at most 200 characters, no control characters. */
export function normaliseChatTitle(title: string): string {
  return title.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** PUT /api/chats/{id}/title: the title as stored. */
export interface ChatTitle {
  id: string;
  title: string;
}

export async function renameChat(db: Database, viewer: Viewer, id: string, title: string): Promise<ChatTitle> {
  const clean = normaliseChatTitle(title) || 'New chat';
  if (!(await renameChatById(db, viewer.userId, id, clean))) throw notFound('The chat');
  return { id, title: clean };
}

/** Drops the chat's messages from position `from` on (to ask the last question again). */
export async function truncateChat(db: Database, viewer: Viewer, id: string, from: number): Promise<{ deleted: number }> {
  const deleted = await db.transaction((tx) => deleteMessagesFromPosition(tx, viewer.userId, id, from));
  if (deleted === null) throw notFound('The chat');
  return { deleted };
}
