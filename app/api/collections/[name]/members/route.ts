import { memberBody } from '@/lib/auth/forms';
import { guardedRoute } from '@/lib/auth/http';
import { listMembers, shareCollection, unshareCollection } from '@/lib/collections';
import { parseWith, readJson } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ name: string }> };

/** GET /api/collections/{name}/members (owner) → {"members":[{"email"}]}. */
export const GET = guardedRoute('member', async (_request, viewer, { params }: Context) =>
  Response.json({ members: await listMembers(await getDatabase(), viewer, (await params).name) }),
);

/** POST /api/collections/{name}/members (owner) {"email"} → 204: that account may now search and add to it. */
export const POST = guardedRoute('member', async (request, viewer, { params }: Context) => {
  const { email } = await readJson(request, memberBody);
  await shareCollection(await getDatabase(), viewer, (await params).name, email);
  return new Response(null, { status: 204 });
});

/** DELETE /api/collections/{name}/members?email=… (owner) → 204. */
export const DELETE = guardedRoute('member', async (request, viewer, { params }: Context) => {
  const { email } = parseWith(memberBody, Object.fromEntries(new URL(request.url).searchParams));
  await unshareCollection(await getDatabase(), viewer, (await params).name, email);
  return new Response(null, { status: 204 });
});
