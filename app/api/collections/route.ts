import { guardedRoute } from '@/lib/auth/http';
import { type CollectionList, listCollectionViews, listInvitationViews } from '@/lib/collections';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * GET /api/collections → {"collections":[{"id","name","owner","documentCount","owned","role"}],
 * "invitations":[{"id","name","owner","role"}]}: the viewer's own collections, those shared with
 * them that they accepted, and shares still waiting for their answer.
 */
export const GET = guardedRoute('member', async (_request, viewer) => {
  const db = await getDatabase();
  return Response.json({ collections: await listCollectionViews(db, viewer), invitations: await listInvitationViews(db, viewer) } satisfies CollectionList);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
