import { modelNotFound, servedModel } from '@/lib/chat/completion-checks';
import { guardedRoute } from '@/lib/auth/http';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** OpenAI's `models.retrieve`: the served model, or a JSON 404 naming the one that exists. */
export const GET = guardedRoute('member', async (_request, _viewer, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  const model = await servedModel(await getDatabase());
  // Next passes the segment as sent; SDKs percent-encode ids (a GGUF file name may hold spaces).
  const wanted = [id, safeDecode(id)];
  if (!wanted.includes(model.id)) throw modelNotFound(wanted[1], model.id);
  return Response.json(model);
});

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
