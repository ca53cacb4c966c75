import { deleteApiKey } from '@/lib/auth/api-keys';
import { requireAccount } from '@/lib/auth/authenticate';
import { guardedRoute } from '@/lib/auth/http';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** DELETE /api/keys/{id} → 204; the key stops working at once. Another person's key: 404. */
export const DELETE = guardedRoute('member', async (_request, viewer, { params }: { params: Promise<{ id: string }> }) => {
  await deleteApiKey(await getDatabase(), requireAccount(viewer), (await params).id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
