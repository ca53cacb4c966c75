import { memberBody } from '@/lib/auth/forms';
import { guardedRoute } from '@/lib/auth/http';
import { listMembers, shareCollection, unshareCollection } from '@/lib/collections';
import { parseWith, readJson, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ name: string }> };

/** Collection names never contain '%', so decoding once more is harmless if Next already did. */
async function collectionName({ params }: Context): Promise<string> {
  const { name } = await params;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** GET /api/collections/{name}/members (owner) → {"members":[{"email"}]}. */
export const GET = guardedRoute('member', async (_request, viewer, context: Context) =>
  Response.json({ members: await listMembers(await getDatabase(), viewer, await collectionName(context)) }),
);

/** POST /api/collections/{name}/members (owner) {"email"} → 204: that account may now search and add to it. */
export const POST = guardedRoute('member', async (request, viewer, context: Context) => {
  const { email } = await readJson(request, memberBody);
  await shareCollection(await getDatabase(), viewer, await collectionName(context), email);
  return new Response(null, { status: 204 });
});

/** DELETE /api/collections/{name}/members?email=… (owner) → 204. */
export const DELETE = guardedRoute('member', async (request, viewer, context: Context) => {
  const { email } = parseWith(memberBody, Object.fromEntries(new URL(request.url).searchParams));
  await unshareCollection(await getDatabase(), viewer, await collectionName(context), email);
  return new Response(null, { status: 204 });
});

export const { PUT, PATCH } = otherMethods('GET', 'POST', 'DELETE');
