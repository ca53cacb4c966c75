import { guardedRoute } from '@/lib/auth/http';
import { acceptShare, leaveShare } from '@/lib/collections';
import { getDatabase } from '@/lib/runtime';
import { collectionParam, type CollectionContext } from '../param';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/collections/{id}/membership → 204: accepts the viewer's invitation to that collection. */
export const POST = guardedRoute('member', async (_request, viewer, context: CollectionContext) => {
  await acceptShare(await getDatabase(), viewer, await collectionParam(context));
  return new Response(null, { status: 204 });
});

/** DELETE /api/collections/{id}/membership → 204: declines the invitation, or leaves the shared collection. */
export const DELETE = guardedRoute('member', async (_request, viewer, context: CollectionContext) => {
  await leaveShare(await getDatabase(), viewer, await collectionParam(context));
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH } = otherMethods('POST', 'DELETE');
