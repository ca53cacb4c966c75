import { findChat, removeChat } from '@/lib/chat/chats';
import { route } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return Response.json(await findChat(await getDatabase(), id));
});

export const DELETE = route(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  await removeChat(await getDatabase(), id);
  return new Response(null, { status: 204 });
});
