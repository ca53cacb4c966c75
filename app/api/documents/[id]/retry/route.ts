import { guardedRoute } from '@/lib/auth/http';
import { retryDocument } from '@/lib/documents/documents';
import { ensureIngestWorker } from '@/lib/ingest/background';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Puts a failed document back in the ingestion queue. */
export const POST = guardedRoute('member', async (_request, viewer, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const document = await retryDocument(await getDatabase(), viewer, id);
  ensureIngestWorker().notify();
  return Response.json(document, { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
