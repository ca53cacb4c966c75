import { guardedRoute } from '@/lib/auth/http';
import { findDocument, removeDocument } from '@/lib/documents/documents';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = guardedRoute('member', async (_request, viewer, { params }: Context) => {
  const { id } = await params;
  return Response.json(await findDocument(await getDatabase(), viewer, id));
});

export const DELETE = guardedRoute('member', async (_request, viewer, { params }: Context) => {
  const { id } = await params;
  await removeDocument(await getDatabase(), viewer, id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH } = otherMethods('GET', 'DELETE');
