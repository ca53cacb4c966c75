import { guardedRoute } from '@/lib/auth/http';
import { listCollectionViews } from '@/lib/collections';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/collections → {"collections":[{"name","documentCount","owned"}]}: the caller's own and those shared with them. */
export const GET = guardedRoute('member', async (_request, viewer) =>
  Response.json({ collections: await listCollectionViews(await getDatabase(), viewer) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
