import { guardedRoute } from '@/lib/auth/http';
import { enforceRateLimit } from '@/lib/auth/rate-limit';
import { refreshFromUrl } from '@/lib/documents/add-from-url';
import { ensureIngestWorker } from '@/lib/ingest/background';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** Fetches a URL document again; re-indexes (202) only when its content changed, else 200 with `changed: false`. */
export const POST = guardedRoute('member', async (_request, viewer, { params }: Context) => {
  const { id } = await params;
  const db = await getDatabase();
  await enforceRateLimit(db, 'upload', viewer);
  const result = await refreshFromUrl(db, viewer, id);
  if (result.changed) ensureIngestWorker().notify();
  return Response.json(result, { status: result.changed ? 202 : 200 });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
