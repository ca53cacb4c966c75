import { guardedRoute } from '@/lib/auth/http';
import { parseWith } from '@/lib/http';
import { cancelModelDownload } from '@/lib/models/model-admin';
import { cancelQuery } from '../schema';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** DELETE /api/models/download?uri=hf:…: cancels a download, keeping its bytes for a resume. Admin only. */
export const DELETE = guardedRoute('admin', async (request) => {
  const { uri } = parseWith(cancelQuery, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ download: await cancelModelDownload(uri) });
});

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
