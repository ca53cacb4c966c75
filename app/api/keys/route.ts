import { type ApiKeyList, createApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { requireAccount, requireSession } from '@/lib/auth/authenticate';
import { newApiKeyBody } from '@/lib/auth/forms';
import { guardedRoute } from '@/lib/auth/http';
import { readJson, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/keys → the viewer's API keys (names and prefixes; never the secret). */
export const GET = guardedRoute('member', async (_request, viewer) =>
  Response.json({ keys: await listApiKeys(await getDatabase(), requireAccount(viewer)) } satisfies ApiKeyList),
);

/** POST /api/keys {"name"} → 201 {"id","name","prefix","key",…}: the key is shown this once; only from a session. */
export const POST = guardedRoute('member', async (request, viewer) => {
  requireSession(viewer);
  const { name } = await readJson(request, newApiKeyBody);
  const key = await createApiKey(await getDatabase(), requireAccount(viewer), name);
  return Response.json(key, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
