import type { Queryable } from '../types';
import { documentManagedBy, documentVisibleTo } from './collections';
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
  /** Pages read by OCR and Tesseract's mean confidence (0–100); null when all text had a text layer. */
  ocr: { pages: number[]; meanConfidence: number | null } | null;
  /** Where "Add from URL" fetched it; null for uploads. */
  sourceUrl: string | null;
  /** What parsing left out or could not read (hidden text, capped sheets); empty when read in full. */
  warnings: string[];
  /** False when the document failed for a reason retrying cannot fix (lib/jobs/retry.ts). */
  retryable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT_DOCUMENT = `
  SELECT d.id, d.name, d.title, d.mime_type AS "mimeType", d.bytes::int8 AS bytes, d.sha256,
         c.name AS collection, d.status, d.progress::float8 AS progress,
         d.chunk_count AS "chunkCount", d.error, d.retryable,
         CASE WHEN d.ocr_pages IS NULL THEN NULL
              ELSE json_build_object('pages', d.ocr_pages, 'meanConfidence', d.ocr_confidence) END AS ocr,
         d.source_url AS "sourceUrl", d.parse_warnings AS warnings,
         d.created_at AS "createdAt",
         d.updated_at AS "updatedAt"
  FROM documents d JOIN collections c ON c.id = d.collection_id`;

/** Any document, for the ingestion worker; people go through getVisibleDocument. */
export async function getDocumentById(q: Queryable, id: string): Promise<DocumentRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<DocumentRow>(`${SELECT_DOCUMENT} WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The document, if the viewer may read it (else it does not exist for them). */
export async function getVisibleDocument(q: Queryable, viewerId: string | null, id: string): Promise<DocumentRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<DocumentRow>(
    `${SELECT_DOCUMENT} WHERE d.id = $2 AND ${documentVisibleTo('d', 'c', '$1')}`,
    [viewerId, id],
  );
  return rows[0] ?? null;
}

/** Newest first; `collectionId` narrows to one (already checked visible) collection. */
export async function listVisibleDocuments(q: Queryable, viewerId: string | null, collectionId?: string): Promise<DocumentRow[]> {
  const { rows } = collectionId
    ? await q.query<DocumentRow>(
        `${SELECT_DOCUMENT} WHERE c.id = $2 AND ${documentVisibleTo('d', 'c', '$1')} ORDER BY d.created_at DESC, d.id`,
        [viewerId, collectionId],
      )
    : await q.query<DocumentRow>(
        `${SELECT_DOCUMENT} WHERE ${documentVisibleTo('d', 'c', '$1')} ORDER BY d.created_at DESC, d.id`,
        [viewerId],
      );
  return rows;
}

export interface NewDocument {
  collectionId: string;
  /** Who uploads it (null: no accounts yet); they keep access to it whatever the collection's sharing. */
  uploadedBy?: string | null;
  name: string;
  mimeType: string;
  bytes: number;
  sha256: string;
  content: Uint8Array;
  sourceUrl?: string | null;
  /** The request that queued it, for the worker's log lines. */
  requestId?: string;
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
    `INSERT INTO documents (collection_id, name, mime_type, bytes, sha256, uploaded_by, source_url, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (collection_id, sha256) DO NOTHING
     RETURNING id`,
    [doc.collectionId, doc.name, doc.mimeType, doc.bytes, doc.sha256, doc.uploadedBy ?? null, doc.sourceUrl ?? null, doc.requestId ?? null],
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

/** Whether the viewer may delete or retry the document: its collection's owner, or its uploader. */
export async function mayManageDocument(q: Queryable, viewerId: string | null, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rows } = await q.query(
    `SELECT 1 FROM documents d JOIN collections c ON c.id = d.collection_id
     WHERE d.id = $2 AND ${documentManagedBy('d', 'c', '$1')}`,
    [viewerId, id],
  );
  return rows.length > 0;
}

/** Deletes the document if the viewer may manage it (see mayManageDocument). */
export async function deleteManagedDocument(q: Queryable, viewerId: string | null, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const { rowCount } = await q.query(
    `DELETE FROM documents d USING collections c
     WHERE d.id = $2 AND c.id = d.collection_id AND ${documentManagedBy('d', 'c', '$1')}`,
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

/**
 * New bytes for a fetched document whose page changed: it goes back to the queue, and its old
 * chunks stay searchable until the new ones replace them in one transaction. False when the
 * same bytes are already another document of the collection.
 */
export async function replaceDocumentContent(
  q: Queryable,
  id: string,
  doc: { mimeType: string; bytes: number; sha256: string; content: Uint8Array; sourceUrl: string },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE documents d SET mime_type = $2, bytes = $3, sha256 = $4, source_url = $5, status = 'queued', progress = 0,
            attempts = 0, error = NULL, retryable = true, run_after = NULL, lease_expires_at = NULL, updated_at = now()
     WHERE d.id = $1 AND d.status IN ('ready', 'failed') AND NOT EXISTS (
       SELECT 1 FROM documents o WHERE o.collection_id = d.collection_id AND o.sha256 = $4 AND o.id <> d.id)`,
    [id, doc.mimeType, doc.bytes, doc.sha256, doc.sourceUrl],
  );
  if (rowCount === 0) return false;
  await q.query('UPDATE document_files SET content = $2 WHERE document_id = $1', [id, doc.content]);
  return true;
}

/** The ingestion job's result, in the transaction that stores its chunks. */
export async function markDocumentReady(
  q: Queryable,
  id: string,
  fields: { chunkCount: number; title: string | null; ocr?: { pages: number[]; meanConfidence: number | null } | null; warnings?: string[] },
): Promise<void> {
  await q.query(
    `UPDATE documents SET status = 'ready', progress = 1, chunk_count = $2, title = $3,
            ocr_pages = $4, ocr_confidence = $5, parse_warnings = $6,
            error = NULL, lease_expires_at = NULL, updated_at = now()
     WHERE id = $1`,
    [id, fields.chunkCount, fields.title, fields.ocr?.pages ?? null, fields.ocr?.meanConfidence ?? null, fields.warnings ?? []],
  );
}

export async function getDocumentMimeType(q: Queryable, id: string): Promise<string | null> {
  const { rows } = await q.query<{ mimeType: string }>('SELECT mime_type AS "mimeType" FROM documents WHERE id = $1', [id]);
  return rows[0]?.mimeType ?? null;
}

/** The stored name, which titles a document whose content names none (contextual chunks). */
export async function getDocumentName(q: Queryable, id: string): Promise<string | null> {
  const { rows } = await q.query<{ name: string }>('SELECT name FROM documents WHERE id = $1', [id]);
  return rows[0]?.name ?? null;
}

/** For a re-index's final commit: the document is still there and ready (held until commit). */
export async function lockReadyDocument(q: Queryable, id: string): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM documents WHERE id = $1 AND status = 'ready' FOR SHARE`, [id]);
  return rows.length > 0;
}
