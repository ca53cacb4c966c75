import type { Database } from '@/db';
import { type ChatRow, deleteChatById, getChatById, listChats, listMessagesByChatId, type MessageRow } from '@/db/queries/chats';
import type { Principal } from '../auth/principal';
import { notFound } from '../errors';

export interface ChatView {
  id: string;
  title: string;
  collection: string | null;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface MessageView extends Omit<MessageRow, 'createdAt'> {
  createdAt: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toChatView(row: ChatRow): ChatView {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

export async function listChatViews(db: Database, viewer: Principal): Promise<ChatView[]> {
  return (await listChats(db, viewer.userId)).map(toChatView);
}

export async function findChat(db: Database, viewer: Principal, id: string): Promise<ChatView & { messages: MessageView[] }> {
  const chat = await getChatById(db, viewer.userId, id);
  if (!chat) throw notFound('The chat');
  const messages = await listMessagesByChatId(db, chat.id);
  return { ...toChatView(chat), messages: messages.map((m) => ({ ...m, createdAt: iso(m.createdAt) })) };
}

export async function removeChat(db: Database, viewer: Principal, id: string): Promise<void> {
  if (!(await deleteChatById(db, viewer.userId, id))) throw notFound('The chat');
}
