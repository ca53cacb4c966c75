import { createHash } from 'node:crypto';
import type { Database } from '@/db';
import { getVisibleDocument, replaceDocumentContent } from '@/db/queries/documents';
import type { Viewer } from '../auth/viewer';
import { env } from '../env';
import { badRequest, conflict, notFound } from '../errors';
import { detectType } from '../ingest/detect-type';
import { fetchUrl, type FetchUrlOptions } from '../ingest/fetch-url';
import { addDocuments, type DocumentView, findDocument } from './documents';

type Lookup = FetchUrlOptions['lookup'];

function fetchOptions(lookup?: Lookup): FetchUrlOptions {
  return { maxBytes: env().MAX_UPLOAD_MB * 1024 * 1024, allowedHosts: env().ALLOWED_FETCH_HOSTS, lookup };
}

/** Fetches a page or file and stores it like an upload (type judged by content), keeping the URL as its source. */
export async function addFromUrl(db: Database, viewer: Viewer, url: string, collection: string, lookup?: Lookup): Promise<DocumentView[]> {
  const page = await fetchUrl(url, fetchOptions(lookup));
  if (page.content.length === 0) throw badRequest('empty_file', 'The page is empty; check the address.');
  return addDocuments(db, viewer, [{ fileName: page.fileName, declaredMime: page.contentType, content: page.content }], collection, page.url);
}

/** POST /api/documents/{id}/refresh. */
export interface RefreshedDocument {
  document: DocumentView;
  changed: boolean;
}

/**
 * Fetches a document's source again; only when the bytes changed is it re-indexed (its old
 * chunks answer until the new ones are stored). `changed: false` means nothing was touched.
 */
export async function refreshFromUrl(db: Database, viewer: Viewer, id: string, lookup?: Lookup): Promise<RefreshedDocument> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  if (!row) throw notFound('Document');
  if (!row.sourceUrl) throw badRequest('not_fetched', 'Only documents added from a URL can be refreshed; upload a new version of this file instead.');
  if (row.status === 'queued' || row.status === 'processing') throw conflict('busy', 'This document is still being indexed; refresh it once it is Ready.');
  const page = await fetchUrl(row.sourceUrl, fetchOptions(lookup));
  const sha256 = createHash('sha256').update(page.content).digest('hex');
  if (sha256 === row.sha256) return { document: await findDocument(db, viewer, id), changed: false };
  const mimeType = detectType(page.content, page.fileName, page.contentType);
  const replaced = await replaceDocumentContent(db, id, { mimeType, bytes: page.content.length, sha256, content: page.content, sourceUrl: page.url });
  if (!replaced) throw conflict('duplicate', 'The page now has the same content as another document in this collection; delete one of them.');
  return { document: await findDocument(db, viewer, id), changed: true };
}
