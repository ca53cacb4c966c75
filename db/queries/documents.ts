import type { Queryable } from '../types';
import { collectionVisibleTo } from './collections';
import { isUuid } from './ids';
import type { JobTable } from './jobs';

/** A document row is also its ingestion job (lib/ingest/job.ts), run by lib/jobs/. */
export const DOCUMENT_JOBS: JobTable = { table: 'documents', key: ['id'], doneStatus: 'ready' };

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';

/** A document as the API shows it (the contract's Document shape). */
export interface DocumentRow {
  id: string;
  name: string;
  title: string | null;
  mimeType: string;
  bytes: number;
  sha256: string;
  collection: string;
  status: DocumentStatus;
  progress: number;
  chunkCount: number;
  error: string | null;
  /** False when the document failed for a reason retrying cannot fix (lib/jobs/retry.ts). */
  retryable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT_DOCUMENT = `
  SELECT d.id, d.name, d.title, d.mime_type AS "mimeType", d.bytes::int8 AS bytes, d.sha256,
         c.name AS collection, d.status, d.progress::float8 AS progress,
         d.chunk_count AS "chunkCount", d.error, d.retryable, d.created_at AS "createdAt",
         d.updated_at AS "updatedAt"
  FROM documents d JOIN collections c ON c.id = d.collection_id`;

/** Any document, for the ingestion worker; people go through getVisibleDocument. */
export async function getDocumentById(q: Queryable, id: string): Promise<DocumentRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<DocumentRow>(`${SELECT_DOCUMENT} WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The document, if it sits in a collection the viewer may use (else it does not exist for them). */
export async function getVisibleDocument(q: Queryable, viewerId: string | null, id: string): Promise<DocumentRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<DocumentRow>(
    `${SELECT_DOCUMENT} WHERE d.id = $2 AND ${collectionVisibleTo('c', '$1')}`,
    [viewerId, id],
  );
  return rows[0] ?? null;
}

/** Newest first; `collectionId` narrows to one (already checked visible) collection. */
export async function listVisibleDocuments(q: Queryable, viewerId: string | null, collectionId?: string): Promise<DocumentRow[]> {
  const { rows } = collectionId
    ? await q.query<DocumentRow>(
        `${SELECT_DOCUMENT} WHERE c.id = $2 AND ${collectionVisibleTo('c', '$1')} ORDER BY d.created_at DESC, d.id`,
        [viewerId, collectionId],
      )
    : await q.query<DocumentRow>(
        `${SELECT_DOCUMENT} WHERE ${collectionVisibleTo('c', '$1')} ORDER BY d.created_at DESC, d.id`,
        [viewerId],
      );
  return rows;
}

export interface NewDocument {
  collectionId: string;
  name: string;
  mimeType: string;
  bytes: number;
  sha256: string;
  content: Uint8Array;
}

/**
 * Stores a new document and its bytes, or finds the one with the same bytes in the same
 * collection. The unique (collection, sha256) index makes two concurrent uploads of the
 * same file end as one row.
 */
export async function insertDocumentUnlessDuplicate(
  q: Queryable,
  doc: NewDocument,
): Promise<{ id: string; duplicate: boolean }> {
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO documents (collection_id, name, mime_type, bytes, sha256)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (collection_id, sha256) DO NOTHING
     RETURNING id`,
    [doc.collectionId, doc.name, doc.mimeType, doc.bytes, doc.sha256],
  );
  if (inserted.rows[0]) {
    const id = inserted.rows[0].id;
    await q.query('INSERT INTO document_files (document_id, content) VALUES ($1, $2)', [id, doc.content]);
    return { id, duplicate: false };
  }
  const existing = await q.query<{ id: string }>(
    'SELECT id FROM documents WHERE collection_id = $1 AND sha256 = $2',
    [doc.collectionId, doc.sha256],
  );
  return { id: existing.rows[0].id, duplicate: true };
}

export async function deleteVisibleDocument(q: Queryable, viewerId: string | null, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rowCount } = await q.query(
    `DELETE FROM documents d USING collections c
     WHERE d.id = $2 AND c.id = d.collection_id AND ${collectionVisibleTo('c', '$1')}`,
    [viewerId, id],
  );
  return rowCount > 0;
}

export async function getDocumentContent(q: Queryable, id: string): Promise<Uint8Array | null> {
  const { rows } = await q.query<{ content: Uint8Array }>(
    'SELECT content FROM document_files WHERE document_id = $1',
    [id],
  );
  return rows[0]?.content ?? null;
}

/** The ingestion job's result, in the transaction that stores its chunks. */
export async function markDocumentReady(q: Queryable, id: string, fields: { chunkCount: number; title: string | null }): Promise<void> {
  await q.query(
    `UPDATE documents SET status = 'ready', progress = 1, chunk_count = $2, title = $3,
            error = NULL, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1`,
    [id, fields.chunkCount, fields.title],
  );
}

export async function getDocumentMimeType(q: Queryable, id: string): Promise<string | null> {
  const { rows } = await q.query<{ mimeType: string }>('SELECT mime_type AS "mimeType" FROM documents WHERE id = $1', [id]);
  return rows[0]?.mimeType ?? null;
}

/** For a re-index's final commit: the document is still there and ready (held until commit). */
export async function lockReadyDocument(q: Queryable, id: string): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM documents WHERE id = $1 AND status = 'ready' FOR SHARE`, [id]);
  return rows.length > 0;
}
