import { z } from 'zod';
import { addFromUrl } from '@/lib/documents/add-from-url';
import { addDocuments, type DocumentList, findDocuments, validateCollectionName } from '@/lib/documents/documents';
import { readUploadForm } from '@/lib/documents/upload';
import { env } from '@/lib/env';
import { guardedRoute } from '@/lib/auth/http';
import { enforceRateLimit } from '@/lib/auth/rate-limit';
import { otherMethods, parseWith, readJson } from '@/lib/http';
import { ensureIngestWorker } from '@/lib/ingest/background';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

const MAX_FILES_PER_UPLOAD = 20;

export const POST = guardedRoute('member', async (request, viewer) => {
  const db = await getDatabase();
  // One unit up front refuses a flood before its bytes are read; the rest once the count is known.
  await enforceRateLimit(db, 'upload', viewer);
  if (isJson(request)) {
    const body = await readJson(request, urlBody);
    const documents = await addFromUrl(db, viewer, body.url, validateCollectionName(body.collection));
    ensureIngestWorker().notify();
    return Response.json({ documents } satisfies DocumentList, { status: 202 });
  }
  const form = await readUploadForm(request, {
    maxFileBytes: env().MAX_UPLOAD_MB * 1024 * 1024,
    maxFiles: MAX_FILES_PER_UPLOAD,
  });
  const collection = validateCollectionName(form.fields.collection);
  if (form.files.length > 1) await enforceRateLimit(db, 'upload', viewer, form.files.length - 1);
  const documents = await addDocuments(db, viewer, form.files, collection);
  ensureIngestWorker().notify();
  return Response.json({ documents } satisfies DocumentList, { status: 202 });
});

/** "Add from URL": `{"url","collection"?}` instead of a multipart upload. */
const urlBody = z.object({ url: z.string().min(1).max(2048), collection: z.string().max(320).optional() });
const isJson = (request: Request) => (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');

// A bare name, an id, or `owner-email/name` (an email is at most 254 characters).
const listQuery = z.object({ collection: z.string().max(320).optional() });

export const GET = guardedRoute('member', async (request, viewer) => {
  const { collection } = parseWith(listQuery, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ documents: await findDocuments(await getDatabase(), viewer, collection) } satisfies DocumentList);
});

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
