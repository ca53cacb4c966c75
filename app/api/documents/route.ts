import { z } from 'zod';
import { addDocuments, findDocuments, validateCollectionName } from '@/lib/documents/documents';
import { readUploadForm } from '@/lib/documents/upload';
import { env } from '@/lib/env';
import { parseWith, route } from '@/lib/http';
import { ensureIngestWorker } from '@/lib/ingest/background';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const MAX_FILES_PER_UPLOAD = 20;

export const POST = route(async (request: Request) => {
  const form = await readUploadForm(request, {
    maxFileBytes: env().MAX_UPLOAD_MB * 1024 * 1024,
    maxFiles: MAX_FILES_PER_UPLOAD,
  });
  const collection = validateCollectionName(form.fields.collection);
  const documents = await addDocuments(await getDatabase(), form.files, collection);
  ensureIngestWorker().notify();
  return Response.json({ documents }, { status: 202 });
});

const listQuery = z.object({ collection: z.string().max(64).optional() });

export const GET = route(async (request: Request) => {
  const { collection } = parseWith(listQuery, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ documents: await findDocuments(await getDatabase(), collection) });
});
