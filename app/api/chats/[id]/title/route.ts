import { z } from 'zod';
import { guardedRoute } from '@/lib/auth/http';
import { renameChat } from '@/lib/chat-edits';
import { readJson, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const titleBody = z.strictObject({ title: z.string().max(1000) });

/** PUT /api/chats/{id}/title {"title"} → {"id","title"} (the title as stored: one line, ≤ 200 characters). */
export const PUT = guardedRoute('member', async (request, viewer, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { title } = await readJson(request, titleBody);
  return Response.json(await renameChat(await getDatabase(), viewer, id, title));
});

export const { GET, POST, PATCH, DELETE } = otherMethods('PUT');
