import { guardedRoute } from '@/lib/auth/http';
import { findEvaluation } from '@/lib/evaluate/evaluations';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** {"status","progress","metrics","questions":[…]} plus the run's name, collection, kind and settings snapshot. */
export const GET = guardedRoute('admin', async (_request, viewer, { params }: Context) => {
  const { id } = await params;
  return Response.json(await findEvaluation(await getDatabase(), viewer, id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
