import { removeUser } from '@/lib/auth/accounts';
import { guardedRoute } from '@/lib/auth/http';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** DELETE /api/users/{id} (admin) → 204: sessions and keys stop at once; collections pass to the viewer (the admin removing the account). */
export const DELETE = guardedRoute('admin', async (_request, viewer, { params }: { params: Promise<{ id: string }> }) => {
  await removeUser(await getDatabase(), viewer, (await params).id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
