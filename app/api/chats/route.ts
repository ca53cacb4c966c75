import { guardedRoute } from '@/lib/auth/http';
import { type ChatList, listChatViews } from '@/lib/chat/chats';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The viewer's own chats. */
export const GET = guardedRoute('member', async (_request, viewer) =>
  Response.json({ chats: await listChatViews(await getDatabase(), viewer) } satisfies ChatList),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
