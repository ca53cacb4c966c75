import { guardedRoute } from '@/lib/auth/http';
import { env } from '@/lib/env';
import { readJson } from '@/lib/http';
import { tryModel } from '@/lib/models/try-model';
import { activeModelBody } from '../schema';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/models/try {"file"}: prefill and generation tokens/s of that model on this machine. Admin only. */
export const POST = guardedRoute('admin', async (request) => {
  const { file } = await readJson(request, activeModelBody);
  return Response.json(await tryModel(env().MODELS_DIR, file));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
