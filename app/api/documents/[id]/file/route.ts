import { guardedRoute } from '@/lib/auth/http';
import { getDocumentFile } from '@/lib/documents/document-source';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** The original bytes; `?inline=1` shows a PDF in place (the citation viewer), anything else downloads. */
export const GET = guardedRoute('member', async (request, viewer, { params }: Context) => {
  const { id } = await params;
  const inline = new URL(request.url).searchParams.get('inline') === '1';
  return getDocumentFile(await getDatabase(), viewer, id, inline);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
