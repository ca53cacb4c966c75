import type { Database } from '@/db';
import { listActiveDocumentChunks } from '@/db/queries/chunks';
import { getDocumentContent, getVisibleDocument } from '@/db/queries/documents';
import type { Viewer } from '../auth/viewer';
import { notFound } from '../errors';
import { assembleText, type DocumentText } from './document-text';

/** The extracted text and chunk offsets, under the same access rule as search (collectionVisibleTo). */
export async function getDocumentText(db: Database, viewer: Viewer, id: string): Promise<DocumentText> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  if (!row) throw notFound('Document');
  const chunks = await listActiveDocumentChunks(db, id);
  return { documentId: row.id, name: row.name, mimeType: row.mimeType, sourceUrl: row.sourceUrl, ...assembleText(chunks) };
}

/**
 * The uploaded bytes, as a download. Only a PDF may be shown inline (the viewer renders it with
 * pdf.js); everything is sent with nosniff and a sandbox CSP, so an uploaded HTML or SVG page can
 * never run as Docent's origin even if a browser is pointed at it.
 */
export async function getDocumentFile(db: Database, viewer: Viewer, id: string, inline: boolean): Promise<Response> {
  const row = await getVisibleDocument(db, viewer.userId, id);
  const content = row ? await getDocumentContent(db, id) : null;
  if (!row || !content) throw notFound('Document');
  const disposition = inline && row.mimeType === 'application/pdf' ? 'inline' : 'attachment';
  const ascii = row.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return new Response(Buffer.from(content), {
    headers: {
      'Content-Type': row.mimeType,
      'Content-Length': String(content.byteLength),
      'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': 'sandbox',
      'Cache-Control': 'private, no-store',
    },
  });
}
