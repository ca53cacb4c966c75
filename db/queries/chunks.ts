import { toSql } from 'pgvector';
import type { Queryable } from '../types';
import { collectionVisibleTo } from './collections';
import { type EmbeddingSpace, vectorExpression } from './embedding-models';

export interface NewChunk {
  ordinal: number;
  text: string;
  tokenCount: number;
  page: number | null;
  headingPath: string[];
  embedding: Float32Array | number[];
}

const INSERT_BATCH = 200;

/** Replaces a document's chunks for one embedding space (a retry never leaves duplicates). */
export async function replaceDocumentChunks(
  q: Queryable,
  documentId: string,
  space: EmbeddingSpace,
  chunks: NewChunk[],
): Promise<void> {
  await q.query('DELETE FROM chunks WHERE document_id = $1 AND embedding_model_id = $2', [documentId, space.id]);
  for (let start = 0; start < chunks.length; start += INSERT_BATCH) {
    const batch = chunks.slice(start, start + INSERT_BATCH);
    const params: unknown[] = [documentId, space.id];
    const tuples = batch.map((c) => {
      params.push(c.ordinal, c.text, c.tokenCount, c.page, c.headingPath, toSql(Array.from(c.embedding)));
      const n = params.length;
      return `($1, $2, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}::text[], $${n}::vector)`;
    });
    await q.query(
      `INSERT INTO chunks (document_id, embedding_model_id, ordinal, text, token_count, page, heading_path, embedding)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

export interface ChunkHit {
  chunkId: string;
  documentId: string;
  documentName: string;
  text: string;
  page: number | null;
  headingPath: string[];
  score: number;
}

export interface ChunkFilter {
  space: EmbeddingSpace;
  /** Whose search this is: only collections this user (null: the no-accounts owner) may use. */
  viewerId: string | null;
  /** Only chunks of documents in this collection; null for every visible one. */
  collectionId: string | null;
  limit: number;
}

const HIT_COLUMNS = `c.id AS "chunkId", c.document_id AS "documentId", d.name AS "documentName",
  c.text, c.page, c.heading_path AS "headingPath"`;

/**
 * Only ready documents in collections the viewer may use are searchable. The access rule sits
 * in the same SQL as the ranking, so no caller can forget it and nothing is filtered afterwards.
 */
function scope(filter: ChunkFilter, params: unknown[]): string {
  params.push(filter.viewerId);
  let where = `c.embedding_model_id = ${Math.trunc(filter.space.id)} AND d.status = 'ready'
    AND d.collection_id IN (SELECT col.id FROM collections col WHERE ${collectionVisibleTo('col', `$${params.length}`)})`;
  if (filter.collectionId) {
    params.push(filter.collectionId);
    where += ` AND d.collection_id = $${params.length}`;
  }
  return where;
}

/**
 * Nearest chunks by cosine similarity through the HNSW index. Run inside a transaction that
 * set hnsw.ef_search and hnsw.iterative_scan (pgvector 0.8): with a selective filter the scan
 * keeps going until `limit` rows pass it instead of returning fewer. relaxed_order can emit
 * rows slightly out of order, so the outer query sorts again.
 */
export async function searchChunksByVector(q: Queryable, embedding: Float32Array, filter: ChunkFilter): Promise<ChunkHit[]> {
  const params: unknown[] = [toSql(Array.from(embedding)), filter.limit];
  const expr = vectorExpression(filter.space);
  const dim = Math.trunc(filter.space.dim);
  const { rows } = await q.query<ChunkHit>(
    `WITH hits AS MATERIALIZED (
       SELECT ${HIT_COLUMNS}, ${expr} <=> $1::vector(${dim}) AS distance
       FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE ${scope(filter, params)}
       ORDER BY ${expr} <=> $1::vector(${dim})
       LIMIT $2)
     SELECT "chunkId", "documentId", "documentName", text, page, "headingPath",
            (1 - distance)::float8 AS score
     FROM hits ORDER BY distance, "chunkId"`,
    params,
  );
  return rows;
}

/**
 * Full-text search ranked by ts_rank_cd. `tsquery` is SQL that builds the query from $1
 * (see lib/search: plain questions match any term, websearch syntax is honoured).
 */
export async function searchChunksByKeyword(
  q: Queryable,
  query: string,
  tsquery: string,
  filter: ChunkFilter,
): Promise<ChunkHit[]> {
  const params: unknown[] = [query, filter.limit];
  const { rows } = await q.query<ChunkHit>(
    `SELECT ${HIT_COLUMNS}, ts_rank_cd(c.tsv, tsq)::float8 AS score
     FROM chunks c JOIN documents d ON d.id = c.document_id, (SELECT ${tsquery} AS tsq) query
     WHERE ${scope(filter, params)} AND c.tsv @@ tsq
     ORDER BY score DESC, c.id
     LIMIT $2`,
    params,
  );
  return rows;
}

export async function countChunks(q: Queryable, spaceId?: number): Promise<number> {
  const { rows } = spaceId
    ? await q.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE embedding_model_id = $1', [spaceId])
    : await q.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks');
  return rows[0].n;
}
