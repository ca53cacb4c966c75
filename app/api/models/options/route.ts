import { z } from 'zod';
import { guardedRoute } from '@/lib/auth/http';
import { parseWith } from '@/lib/http';
import { readChatOptions } from '@/lib/models/chat-options';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

const query = z.object({ chat: z.string().max(100).optional() });

/** The adapters and answer modes a chat can choose (any member), with the chat's own choices. */
export const GET = guardedRoute('member', async (request, viewer) => {
  const { chat } = parseWith(query, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await readChatOptions(await getDatabase(), viewer.userId, chat ?? null));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
