import { z } from 'zod';
import { guardedRoute } from '@/lib/auth/http';
import { truncateChat } from '@/lib/chat-edits';
import { parseWith, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const query = z.object({ from: z.coerce.number().int().min(0).max(100_000) });

/** DELETE /api/chats/{id}/messages?from=N → {"deleted":n}: drops messages N, N+1, … (0-based), e.g. before regenerating. */
export const DELETE = guardedRoute('member', async (request, viewer, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { from } = parseWith(query, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await truncateChat(await getDatabase(), viewer, id, from));
});

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
