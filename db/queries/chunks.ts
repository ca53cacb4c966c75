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

/** How searchChunksByKeyword scores its candidates: BM25 over the query's lexemes (lib/search/keyword.ts). */
export interface KeywordScoring {
  /** One tsquery text per lexeme (`'lexeme'`); each is scored for every candidate. */
  lexemes: string[];
  /** Inverse document frequency of each lexeme, same order. */
  idf: number[];
  /** Mean distinct lexemes per chunk, for BM25's length normalisation. */
  avgLength: number;
  k1: number;
  b: number;
}

/**
 * Full-text search. `tsquery` is SQL that builds the match query from $1 (lib/search passes
 * either the rarest lexemes of a plain question, OR-ed, or websearch syntax as written); only
 * chunks matching it are scored. With `scoring`, each candidate scores BM25 over the query's
 * lexemes: Σ idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLength)), where tf comes from
 * ts_rank_cd on the single lexeme (0.1 per occurrence in an unweighted tsvector) and len is
 * the chunk's count of distinct lexemes. Without it, ts_rank(tsv, q, 1).
 */
export async function searchChunksByKeyword(
  q: Queryable,
  query: string,
  tsquery: string,
  filter: ChunkFilter,
  scoring?: KeywordScoring,
): Promise<ChunkHit[]> {
  const params: unknown[] = [query, filter.limit];
  let score = 'ts_rank(c.tsv, tsq, 1)::float8';
  if (scoring && scoring.lexemes.length > 0) {
    params.push(scoring.lexemes, scoring.idf);
    const [terms, weights] = [params.length - 1, params.length];
    // Numbers only (validated by type and Number()), so they can sit in the SQL text.
    const k1 = Number(scoring.k1);
    const b = Number(scoring.b);
    const avg = Math.max(1, Number(scoring.avgLength));
    score = `(SELECT coalesce(sum(t.idf * t.tf * ${k1 + 1} / (t.tf + ${k1} * (${1 - b} + ${b} * length(c.tsv) / ${avg}::float8))), 0)
        FROM (SELECT w.idf, 10 * ts_rank_cd(c.tsv, w.term) AS tf
              FROM unnest($${terms}::tsquery[], $${weights}::float8[]) w(term, idf)) t
        WHERE t.tf > 0)::float8`;
  }
  const { rows } = await q.query<ChunkHit>(
    `SELECT ${HIT_COLUMNS}, ${score} AS score
     FROM chunks c JOIN documents d ON d.id = c.document_id, (SELECT ${tsquery} AS tsq) query
     WHERE ${scope(filter, params)} AND c.tsv @@ tsq
     ORDER BY score DESC, c.id
     LIMIT $2`,
    params,
  );
  return rows;
}

export interface KeywordTermStatistics {
  /** Chunks in the table (the planner's estimate once analysed; counted before that). */
  chunks: number;
  /** The query's distinct lexemes with their document (chunk) frequency; counts stop at `countCap`. */
  terms: { lexeme: string; df: number }[];
}

/**
 * Document frequencies of a query's lexemes, cheaply: common lexemes come from the statistics
 * ANALYZE keeps for the tsvector column (its most common elements with their frequencies,
 * ~1,000 of them); every other lexeme is rarer than those, so counting its GIN matches is
 * cheap, and the count stops at `countCap` anyway. Over all chunks of every collection and
 * embedding space: IDF describes the corpus's language, not one user's view of it.
 */
export async function keywordTermStatistics(q: Queryable, query: string, countCap: number): Promise<KeywordTermStatistics> {
  const { rows } = await q.query<{ lexeme: string | null; freq: number | null; count: number | null; n: number }>(
    `WITH stats AS (
       SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
       FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'chunks' AND attname = 'tsv'),
     total AS (
       SELECT CASE WHEN reltuples >= 1 THEN reltuples::float8 ELSE (SELECT count(*) FROM chunks)::float8 END AS n
       FROM pg_class WHERE oid = 'chunks'::regclass),
     lexemes AS (
       SELECT l.lexeme, (SELECT s.freqs[array_position(s.elems, l.lexeme)] FROM stats s) AS freq
       FROM unnest(tsvector_to_array(to_tsvector('english', $1))) l(lexeme))
     SELECT l.lexeme, l.freq::float8 AS freq,
            CASE WHEN l.freq IS NULL THEN (
              SELECT count(*)::int FROM (
                SELECT 1 FROM chunks c
                WHERE c.tsv @@ ('''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery
                LIMIT $2) capped)
            END AS count,
            total.n
     FROM total LEFT JOIN lexemes l ON true`,
    [query, countCap],
  );
  const chunks = rows[0]?.n ?? 0;
  const terms = rows
    .filter((r) => r.lexeme !== null)
    .map((r) => ({ lexeme: r.lexeme!, df: r.freq !== null ? Math.round(r.freq * chunks) : r.count! }));
  return { chunks: Math.max(chunks, ...terms.map((t) => t.df)), terms };
}

/** Mean distinct lexemes per chunk over the first `sample` chunks stored (null when there are none). */
export async function meanChunkLexemes(q: Queryable, sample: number): Promise<number | null> {
  const { rows } = await q.query<{ avg: number | null }>(
    'SELECT avg(length(tsv))::float8 AS avg FROM (SELECT tsv FROM chunks LIMIT $1) sample',
    [sample],
  );
  return rows[0]?.avg ?? null;
}

export async function countChunks(q: Queryable, spaceId?: number): Promise<number> {
  const { rows } = spaceId
    ? await q.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE embedding_model_id = $1', [spaceId])
    : await q.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks');
  return rows[0].n;
}

export interface DocumentChunk {
  id: string;
  ordinal: number;
  text: string;
  page: number | null;
}

/** A document's chunks in the searched (active) space, in reading order, for the citation viewer. */
export async function listActiveDocumentChunks(q: Queryable, documentId: string): Promise<DocumentChunk[]> {
  const { rows } = await q.query<DocumentChunk>(
    `SELECT c.id, c.ordinal, c.text, c.page
     FROM chunks c JOIN embedding_index s ON s.active_model_id = c.embedding_model_id
     WHERE c.document_id = $1 ORDER BY c.ordinal`,
    [documentId],
  );
  return rows;
}
