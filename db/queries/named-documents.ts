import type { Queryable } from '../types';
import { documentVisibleTo } from './collections';

export interface NamedDocumentCandidate {
  id: string;
  name: string;
  title: string | null;
}

/** How names and questions are compared: lower case, `-`, `_` and runs of spaces as one space. */
export const NORMALISE_SQL = (expr: string) => `regexp_replace(lower(${expr}), '[-_[:space:]]+', ' ', 'g')`;

/**
 * Ready documents the viewer can see (in one collection when given) whose file name, name
 * without its extension, or title occurs in `normalisedQuestion`. A plain substring test that
 * narrows thousands of documents to a few; the caller decides what counts as naming one.
 */
export async function findDocumentsNamedIn(
  q: Queryable,
  viewerId: string | null,
  normalisedQuestion: string,
  collection?: string,
): Promise<NamedDocumentCandidate[]> {
  const name = NORMALISE_SQL('d.name');
  const stem = NORMALISE_SQL(`regexp_replace(d.name, '\\.[A-Za-z0-9]{1,5}$', '')`);
  const title = NORMALISE_SQL('d.title');
  const { rows } = await q.query<NamedDocumentCandidate>(
    `SELECT d.id, d.name, d.title FROM documents d JOIN collections c ON c.id = d.collection_id
     WHERE d.status = 'ready' AND ($3::text IS NULL OR c.name = $3) AND ${documentVisibleTo('d', 'c', '$1')}
       AND (strpos($2, ${name}) > 0 OR strpos($2, ${stem}) > 0 OR (d.title IS NOT NULL AND strpos($2, ${title}) > 0))
     ORDER BY d.created_at DESC LIMIT 50`,
    [viewerId, normalisedQuestion, collection ?? null],
  );
  return rows;
}
