import * as documentsRoute from '@/app/api/documents/route';
import * as documentRoute from '@/app/api/documents/[id]/route';
import * as healthRoute from '@/app/api/health/route';
import * as searchRoute from '@/app/api/search/route';

/**
 * Calls Docent's real route handlers with real Request objects, the way Next.js does,
 * without starting a server: fast enough to run the whole API suite on both databases.
 */
const BASE = 'http://docent.test';

export interface UploadFile {
  name: string;
  content: string | Uint8Array;
  type?: string;
}

export function uploadRequest(files: UploadFile[], collection?: string): Request {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.content as BlobPart], { type: f.type ?? 'application/octet-stream' }), f.name);
  if (collection !== undefined) form.append('collection', collection);
  return new Request(`${BASE}/api/documents`, { method: 'POST', body: form });
}

export async function upload(files: UploadFile[], collection?: string) {
  const response = await documentsRoute.POST(uploadRequest(files, collection));
  return { status: response.status, body: await response.json() };
}

export async function postUpload(request: Request) {
  const response = await documentsRoute.POST(request);
  return { status: response.status, body: await response.json() };
}

export async function listDocuments(collection?: string) {
  const url = collection ? `${BASE}/api/documents?collection=${encodeURIComponent(collection)}` : `${BASE}/api/documents`;
  const response = await documentsRoute.GET(new Request(url));
  return { status: response.status, body: await response.json() };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

export async function getDocument(id: string) {
  const response = await documentRoute.GET(new Request(`${BASE}/api/documents/${id}`), params(id));
  return { status: response.status, body: await response.json() };
}

export async function deleteDocument(id: string) {
  const response = await documentRoute.DELETE(new Request(`${BASE}/api/documents/${id}`, { method: 'DELETE' }), params(id));
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

export async function search(body: unknown) {
  const response = await searchRoute.POST(
    new Request(`${BASE}/api/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
}

export async function health() {
  const response = await healthRoute.GET();
  return { status: response.status, body: await response.json() };
}

/** Polls a document until ingestion ends (ready or failed). */
export async function waitForIngestion(id: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getDocument(id);
    if (body.status === 'ready' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`Document ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
