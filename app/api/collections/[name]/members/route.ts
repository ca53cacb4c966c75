import { memberBody, shareBody } from '@/lib/auth/forms';
import { guardedRoute } from '@/lib/auth/http';
import { listMembers, type MemberList, shareCollection, unshareCollection } from '@/lib/collections';
import { parseWith, readJson, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';
import { collectionParam, type CollectionContext } from '../param';

export const dynamic = 'force-dynamic';

/** GET /api/collections/{name}/members (owner) → {"members":[{"email","role","status":"accepted"|"pending"}]}. */
export const GET = guardedRoute('member', async (_request, viewer, context: CollectionContext) =>
  Response.json({ members: await listMembers(await getDatabase(), viewer, await collectionParam(context)) } satisfies MemberList),
);

/**
 * POST /api/collections/{name}/members (owner) {"email","role"?:"reader"|"editor"} → 204: an
 * invitation that account must accept (or a new role for a member). Same answer for any email.
 */
export const POST = guardedRoute('member', async (request, viewer, context: CollectionContext) => {
  const { email, role } = await readJson(request, shareBody);
  await shareCollection(await getDatabase(), viewer, await collectionParam(context), email, role);
  return new Response(null, { status: 204 });
});

/** DELETE /api/collections/{name}/members?email=… (owner) → 204: ends the share or withdraws the invitation. */
export const DELETE = guardedRoute('member', async (request, viewer, context: CollectionContext) => {
  const { email } = parseWith(memberBody, Object.fromEntries(new URL(request.url).searchParams));
  await unshareCollection(await getDatabase(), viewer, await collectionParam(context), email);
  return new Response(null, { status: 204 });
});

export const { PUT, PATCH } = otherMethods('GET', 'POST', 'DELETE');
