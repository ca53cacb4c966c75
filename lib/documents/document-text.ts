import type { DocumentChunk } from '@/db/queries/chunks';

/** GET /api/documents/{id}/text: the document's text and where each chunk sits in it. */
export interface DocumentText {
  documentId: string;
  name: string;
  mimeType: string;
  /** Where "Add from URL" fetched it; null for uploads. */
  sourceUrl: string | null;
  text: string;
  chunks: Array<{ id: string; ordinal: number; page: number | null; start: number; end: number }>;
}

const SECTION_BREAK = '\n\n';

/**
 * Rebuilds a document's text from its chunks, so the viewer needs neither a second copy of the
 * text nor a re-parse (minutes for an OCR'd scan). Consecutive chunks of a section share a
 * trailing overlap; it is written once, so `text.slice(start, end)` is exactly each chunk's text.
 */
export function assembleText(chunks: DocumentChunk[]): Pick<DocumentText, 'text' | 'chunks'> {
  let text = '';
  const placed: DocumentText['chunks'] = [];
  let previous: DocumentChunk | null = null;
  for (const chunk of chunks) {
    const overlap = previous ? overlapLength(previous.text, chunk.text) : 0;
    let start: number;
    if (overlap > 0) {
      start = text.length - overlap;
      text += chunk.text.slice(overlap);
    } else {
      if (text) text += SECTION_BREAK;
      start = text.length;
      text += chunk.text;
    }
    placed.push({ id: chunk.id, ordinal: chunk.ordinal, page: chunk.page, start, end: start + chunk.text.length });
    previous = chunk;
  }
  return { text, chunks: placed };
}

/** Length of the longest suffix of `a` that is a prefix of `b` (at least 8 characters, else 0). */
export function overlapLength(a: string, b: string): number {
  const probe = b.slice(0, 8);
  if (probe.length < 8) return 0;
  // Overlaps are at most half a chunk; search the later half of `a` for where `b` could begin.
  let from = Math.max(0, Math.floor(a.length / 2) - 1);
  for (;;) {
    const at = a.indexOf(probe, from);
    if (at < 0) return 0;
    const tail = a.length - at;
    if (tail <= b.length && b.startsWith(a.slice(at))) return tail;
    from = at + 1;
  }
}
