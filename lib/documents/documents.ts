import { createHash } from 'node:crypto';
import type { Database } from '@/db';
import { getOrCreateCollection, getVisibleCollectionId } from '@/db/queries/collections';
import {
  deleteVisibleDocument,
  DOCUMENT_JOBS,
  type DocumentRow,
  getVisibleDocument,
  insertDocumentUnlessDuplicate,
  listVisibleDocuments,
} from '@/db/queries/documents';
import { retryFailedJobs } from '@/db/queries/jobs';
import type { Principal } from '../auth/principal';
import { badRequest, conflict, notFound } from '../errors';
import { detectType } from '../ingest/detect-type';
import { sanitizeFileName } from './file-name';
import type { UploadedFile } from './upload';

/** The contract's Document, as JSON: the row with ISO timestamps. */
export interface DocumentView extends Omit<DocumentRow, 'createdAt' | 'updatedAt'> {
  createdAt: string;
  updatedAt: string;
  duplicate?: boolean;
}

export function toDocumentView(row: DocumentRow): DocumentView {
  return {
    ...row,
    progress: Math.round(row.progress * 1000) / 1000,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export const DEFAULT_COLLECTION = 'default';

const COLLECTION_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u;

export function validateCollectionName(name: string | undefined): string {
  const value = (name ?? '').trim() || DEFAULT_COLLECTION;
  if (!COLLECTION_NAME.test(value)) {
    throw badRequest(
      'invalid_collection',
      'Collection names are 1–64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.',
    );
  }
  return value;
}

/**
 * Checks every file first (so a bad file rejects the upload before anything is stored), then
 * stores them in one transaction, in the caller's collection of that name (or one shared with
 * them). Identical bytes in the same collection come back as the existing document with
 * `duplicate: true`; another person's copy of the same bytes is a separate document.
 */
export async function addDocuments(
  db: Database,
  viewer: Principal,
  files: UploadedFile[],
  collectionName: string,
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
    const collectionId = await getOrCreateCollection(tx, viewer.userId, collectionName);
    const results: { id: string; duplicate: boolean }[] = [];
    for (const file of prepared) {
      results.push(
        await insertDocumentUnlessDuplicate(tx, {
          collectionId,
          name: file.name,
          mimeType: file.mimeType,
          bytes: file.content.length,
          sha256: file.sha256,
          content: file.content,
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

export async function findDocuments(db: Database, viewer: Principal, collection?: string): Promise<DocumentView[]> {
  if (!collection) return (await listVisibleDocuments(db, viewer.userId)).map(toDocumentView);
  const collectionId = await getVisibleCollectionId(db, viewer.userId, collection);
  return collectionId ? (await listVisibleDocuments(db, viewer.userId, collectionId)).map(toDocumentView) : [];
}

/** Another person's document is "not found", exactly like one that never existed. */
export async function findDocument(db: Database, viewer: Principal, id: string): Promise<DocumentView> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  if (!row) throw notFound('Document');
  return toDocumentView(row);
}

/** Deleting cascades to chunks in the same statement, so they leave search at once. */
export async function removeDocument(db: Database, viewer: Principal, id: string): Promise<void> {
  if (!(await deleteVisibleDocument(db, viewer.userId, id))) throw notFound('Document');
}

export async function retryDocument(db: Database, viewer: Principal, id: string): Promise<DocumentView> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  if (!row) throw notFound('Document');
  if (row.status !== 'failed') throw conflict('not_failed', `Only failed documents can be retried; this one is ${row.status}.`);
  // Failed for a reason in the file or the settings: the same bytes would fail the same way.
  if (!row.retryable) {
    throw conflict('not_retryable', `Retrying cannot fix this document (${row.error ?? 'it failed'}). Fix the file or the settings, then delete it and upload it again.`);
  }
  await retryFailedJobs(db, DOCUMENT_JOBS, 'id = $1 AND retryable', [id]);
  return findDocument(db, viewer, id);
}
