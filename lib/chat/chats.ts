import type { Database } from '@/db';
import { type ChatRow, deleteChatById, getChatById, listChats, listMessagesByChatId, type MessageRow } from '@/db/queries/chats';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../errors';
import type { AnswerTrace } from './trace-types';

export interface ChatView {
  id: string;
  title: string;
  collection: string | null;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A stored message as GET /api/chats/{id} returns it (the wire type the chat page renders). */
export interface MessageView extends Omit<MessageRow, 'createdAt' | 'trace'> {
  /** Answers only; null for questions and for answers stored before traces existed. */
  trace: AnswerTrace | null;
  createdAt: string;
}

/** GET /api/chats/{id}. */
export interface ChatDetail extends ChatView {
  messages: MessageView[];
}

/** GET /api/chats. */
export interface ChatList {
  chats: ChatView[];
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toChatView(row: ChatRow): ChatView {
  return { ...row, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

// The trace column holds what lib/chat/trace.ts wrote; it is not re-validated on the way out.
const toMessageView = (m: MessageRow): MessageView => ({ ...m, trace: (m.trace ?? null) as AnswerTrace | null, createdAt: iso(m.createdAt) });

export async function listChatViews(db: Database, viewer: Viewer): Promise<ChatView[]> {
  return (await listChats(db, viewer.userId)).map(toChatView);
}

export async function findChat(db: Database, viewer: Viewer, id: string): Promise<ChatDetail> {
  const chat = await getChatById(db, viewer.userId, id);
  if (!chat) throw notFound('The chat');
  const messages = await listMessagesByChatId(db, chat.id);
  return { ...toChatView(chat), messages: messages.map(toMessageView) };
}

export async function removeChat(db: Database, viewer: Viewer, id: string): Promise<void> {
  if (!(await deleteChatById(db, viewer.userId, id))) throw notFound('The chat');
}
