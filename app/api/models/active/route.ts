import { guardedRoute } from '@/lib/auth/http';
import { readJson } from '@/lib/http';
import { setActiveModel } from '@/lib/models/model-admin';
import { getDatabase } from '@/lib/runtime';
import { activeModelBody } from '../schema';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Makes a model from the library the chat model, without a restart. Admin only. */
export const PUT = guardedRoute('admin', async (request) => {
  const { file } = await readJson(request, activeModelBody);
  return Response.json({ model: await setActiveModel(await getDatabase(), file) });
});

export const { GET, POST, PATCH, DELETE } = otherMethods('PUT');
