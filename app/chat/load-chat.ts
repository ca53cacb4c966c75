import { cache } from 'react';
import { type ChatDetail, type ChatView, findChat, listChatViews } from '@/lib/chat/chats';
import type { Viewer } from '@/lib/auth/viewer';
import { describeError, isAppError } from '@/lib/errors';
import { getDatabase } from '@/lib/runtime';

/** The history list for the first paint; null lets the page fetch it itself if the database is not answering. */
export async function loadChatList(viewer: Viewer): Promise<ChatView[] | null> {
  try {
    return await listChatViews(await getDatabase(), viewer);
  } catch (err) {
    console.error('[chat] could not list chats for the page:', describeError(err));
    return null;
  }
}

/** A stored chat with its messages as plain JSON, or null when there is no such chat (once per request). */
export const loadChat = cache(async (viewer: Viewer, id: string): Promise<ChatDetail | null> => {
  try {
    const chat = await findChat(await getDatabase(), viewer, id);
    return JSON.parse(JSON.stringify(chat)) as ChatDetail;
  } catch (err) {
    if (isAppError(err) && err.status === 404) return null;
    throw err;
  }
});
