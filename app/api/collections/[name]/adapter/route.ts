import { z } from 'zod';
import { guardedRoute } from '@/lib/auth/http';
import { readJson } from '@/lib/http';
import { setCollectionAdapter } from '@/lib/models/collection-adapter';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ name: string }> };

const body = z.strictObject({
  adapter: z.object({ name: z.string().min(1).max(200), scale: z.number().min(0).max(1).default(1) }).nullable(),
});

/** PUT /api/collections/{name}/adapter (owner) {"adapter":{"name","scale"}|null} → 204: the default for chats that choose none. */
export const PUT = guardedRoute('member', async (request, viewer, { params }: Context) => {
  const { adapter } = await readJson(request, body);
  await setCollectionAdapter(await getDatabase(), viewer, decodeURIComponent((await params).name), adapter);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PATCH, DELETE } = otherMethods('PUT');
