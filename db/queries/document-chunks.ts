import type { Queryable } from '../types';
import type { ChunkHit } from './chunks';
import type { EmbeddingSpace } from './embedding-models';

export type OrderedChunk = Omit<ChunkHit, 'score'> & { tokenCount: number };

/** A document's chunks in reading order, in one embedding space (the caller checked access). */
export async function listDocumentChunks(q: Queryable, documentId: string, space: EmbeddingSpace): Promise<OrderedChunk[]> {
  const { rows } = await q.query<OrderedChunk>(
    `SELECT c.id AS "chunkId", c.document_id AS "documentId", d.name AS "documentName", c.text, c.page,
            c.heading_path AS "headingPath", c.token_count AS "tokenCount"
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.document_id = $1 AND c.embedding_model_id = $2 ORDER BY c.ordinal`,
    [documentId, Math.trunc(space.id)],
  );
  return rows;
}
