import { createHash } from 'node:crypto';
import type { Database } from '@/db';
import { findCollectionId, getOrCreateCollection, getVisibleCollectionId, parseCollectionRef } from '@/db/queries/collections';
import type { Queryable } from '@/db/types';
import {
  deleteManagedDocument,
  DOCUMENT_JOBS,
  type DocumentRow,
  getVisibleDocument,
  insertDocumentUnlessDuplicate,
  listVisibleDocuments,
  mayManageDocument,
} from '@/db/queries/documents';
import { retryFailedJobs } from '@/db/queries/jobs';
import type { Viewer } from '../auth/viewer';
import { normalizeCollectionRef, validateNewCollectionName } from '../collection-names';
import { AppError, badRequest, conflict, notFound } from '../errors';
import { detectType } from '../ingest/detect-type';
import { currentRequestId } from '../log';
import { sanitizeFileName } from './file-name';
import type { UploadedFile } from './upload';

/** The contract's Document, as JSON: the row with ISO timestamps. */
export interface DocumentView extends Omit<DocumentRow, 'createdAt' | 'updatedAt'> {
  createdAt: string;
  updatedAt: string;
  duplicate?: boolean;
}

/** GET and POST /api/documents. */
export interface DocumentList {
  documents: DocumentView[];
}

export function toDocumentView(row: DocumentRow): DocumentView {
  return {
    ...row,
    progress: Math.round(row.progress * 1000) / 1000,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export { DEFAULT_COLLECTION } from '../collection-names';

/**
 * The `collection` of an upload, normalised: a bare name (default `default`) is the viewer's
 * own collection and must be a valid new name; an id or `owner-email/name` names a shared one.
 */
export function validateCollectionName(name: string | undefined): string {
  const ref = normalizeCollectionRef(name);
  return parseCollectionRef(ref).kind === 'own' ? validateNewCollectionName(ref) : ref;
}

/**
 * Where an upload goes. A bare name is always the uploader's own collection (created if
 * missing), never one shared with them: a share must not capture anyone's uploads. Another
 * person's collection is used only when named by id or `owner-email/name` and the uploader
 * is its editor.
 */
async function uploadTarget(q: Queryable, viewer: Viewer, collection: string): Promise<string> {
  const ref = parseCollectionRef(collection);
  if (ref.kind === 'own') return getOrCreateCollection(q, viewer.userId, ref.name);
  const writable = await findCollectionId(q, viewer.userId, ref, 'write');
  if (writable) return writable;
  if (await findCollectionId(q, viewer.userId, ref, 'read')) {
    throw new AppError('read_only_collection', `You may read "${collection}" but not add to it; ask its owner to make you an editor, or upload to a collection of your own.`, 403);
  }
  throw notFound(`A collection "${collection}" you may add to`);
}

/**
 * Checks every file first (so a bad file rejects the upload before anything is stored), then
 * stores them in one transaction, in the collection uploadTarget picks, each recording its
 * uploader. Identical bytes in the same collection come back as the existing document with
 * `duplicate: true`; another person's copy of the same bytes is a separate document.
 */
export async function addDocuments(
  db: Database,
  viewer: Viewer,
  files: UploadedFile[],
  collectionName: string,
  sourceUrl: string | null = null,
): Promise<DocumentView[]> {
  if (files.length === 0) throw badRequest('no_file', 'No file was attached; send one or more files in "file" fields.');
  const prepared = files.map((file) => {
    const name = sanitizeFileName(file.fileName);
    if (file.content.length === 0) throw badRequest('empty_file', `"${name}" is empty; choose a file with content.`);
    const mimeType = detectType(file.content, name, file.declaredMime);
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    return { name, mimeType, sha256, content: file.content };
  });

  const stored = await db.transaction(async (tx) => {
    const collectionId = await uploadTarget(tx, viewer, validateCollectionName(collectionName));
    const results: { id: string; duplicate: boolean }[] = [];
    for (const file of prepared) {
      results.push(
        await insertDocumentUnlessDuplicate(tx, {
          collectionId,
          uploadedBy: viewer.userId,
          name: file.name,
          mimeType: file.mimeType,
          bytes: file.content.length,
          sha256: file.sha256,
          content: file.content,
          sourceUrl,
          requestId: currentRequestId(),
        }),
      );
    }
    return results;
  });

  const views: DocumentView[] = [];
  for (const { id, duplicate } of stored) {
    const row = await getVisibleDocument(db, viewer.userId, id);
    if (row) views.push(duplicate ? { ...toDocumentView(row), duplicate: true } : toDocumentView(row));
  }
  return views;
}

export async function findDocuments(db: Database, viewer: Viewer, collection?: string): Promise<DocumentView[]> {
  if (!collection) return (await listVisibleDocuments(db, viewer.userId)).map(toDocumentView);
  const collectionId = await getVisibleCollectionId(db, viewer.userId, normalizeCollectionRef(collection));
  return collectionId ? (await listVisibleDocuments(db, viewer.userId, collectionId)).map(toDocumentView) : [];
}

/** Another person's document is "not found", exactly like one that never existed. */
export async function findDocument(db: Database, viewer: Viewer, id: string): Promise<DocumentView> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  if (!row) throw notFound('Document');
  return toDocumentView(row);
}

const mayNotManage = () =>
  new AppError('forbidden', "Only the collection's owner or the person who uploaded this document may delete or retry it; ask them.", 403);

/** Deleting cascades to chunks in the same statement, so they leave search at once. */
export async function removeDocument(db: Database, viewer: Viewer, id: string): Promise<void> {
  if (await deleteManagedDocument(db, viewer.userId, id)) return;
  if (await getVisibleDocument(db, viewer.userId, id)) throw mayNotManage();
  throw notFound('Document');
}

export async function retryDocument(db: Database, viewer: Viewer, id: string): Promise<DocumentView> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  if (!row) throw notFound('Document');
  if (!(await mayManageDocument(db, viewer.userId, id))) throw mayNotManage();
  if (row.status !== 'failed') throw conflict('not_failed', `Only failed documents can be retried; this one is ${row.status}.`);
  // Failed for a reason in the file or the settings: the same bytes would fail the same way.
  if (!row.retryable) {
    throw conflict('not_retryable', `Retrying cannot fix this document (${row.error ?? 'it failed'}). Fix the file or the settings, then delete it and upload it again.`);
  }
  await retryFailedJobs(db, DOCUMENT_JOBS, 'id = $1 AND retryable', [id]);
  return findDocument(db, viewer, id);
}
