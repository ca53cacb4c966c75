import { addUser, listUserViews, type UserList } from '@/lib/auth/accounts';
import { newUserBody } from '@/lib/auth/forms';
import { guardedRoute } from '@/lib/auth/http';
import { readJson, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/users (admin) → {"users":[{"id","email","role","createdAt"}]}. */
export const GET = guardedRoute('admin', async () => Response.json({ users: await listUserViews(await getDatabase()) } satisfies UserList));

/** POST /api/users (admin) {"email","password","role"?} → 201 the new account; 409 if the email is taken. */
export const POST = guardedRoute('admin', async (request) => {
  const body = await readJson(request, newUserBody);
  return Response.json(await addUser(await getDatabase(), body), { status: 201 });
});

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
