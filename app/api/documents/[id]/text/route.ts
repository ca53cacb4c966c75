import { guardedRoute } from '@/lib/auth/http';
import { getDocumentText } from '@/lib/documents/document-source';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = guardedRoute('member', async (_request, viewer, { params }: Context) => {
  const { id } = await params;
  return Response.json(await getDocumentText(await getDatabase(), viewer, id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
