import { retryDocument } from '@/lib/documents/documents';
import { route } from '@/lib/http';
import { ensureIngestWorker } from '@/lib/ingest/background';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Puts a failed document back in the ingestion queue. */
export const POST = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const document = await retryDocument(await getDatabase(), id);
  ensureIngestWorker().notify();
  return Response.json(document, { status: 202 });
});
