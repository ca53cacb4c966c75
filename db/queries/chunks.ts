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
  /** Title and heading path, embedded and keyword-indexed with the text but never shown; default none. */
  context?: string;
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
      params.push(c.ordinal, c.text, c.tokenCount, c.page, c.headingPath, c.context ?? '', toSql(Array.from(c.embedding)));
      const n = params.length;
      return `($1, $2, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}::text[], $${n - 1}, $${n}::vector)`;
    });
    await q.query(
      `INSERT INTO chunks (document_id, embedding_model_id, ordinal, text, token_count, page, heading_path, context, embedding)
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
 * Only ready documents the viewer may read (in a collection they may use, or uploaded by them)
 * are searchable. The access rule sits in the same SQL as the ranking, so no caller can forget
 * it and nothing is filtered afterwards.
 */
function scope(filter: ChunkFilter, params: unknown[]): string {
  return `c.embedding_model_id = ${Math.trunc(filter.space.id)} AND ${documentScope(filter, params)}`;
}

function documentScope(filter: Pick<ChunkFilter, 'viewerId' | 'collectionId'>, params: unknown[]): string {
  params.push(filter.viewerId);
  let where = `d.status = 'ready'
    AND (d.collection_id IN (SELECT col.id FROM collections col WHERE ${collectionVisibleTo('col', `$${params.length}`)})
      OR d.uploaded_by = $${params.length}::uuid)`;
  if (filter.collectionId) {
    params.push(filter.collectionId);
    where += ` AND d.collection_id = $${params.length}`;
  }
  return where;
}

/**
 * The ready documents the viewer may search (in the filter's collection, if any) and their
 * chunks, counted over at most `atMost` + 1 documents so the question stays cheap in a large
 * install. Search asks it first: with no document, the HNSW scan would walk the whole index
 * looking for rows that pass the filter before returning nothing (~0.3 s at 10k chunks); with
 * a small scope, scanning its rows exactly is several times faster than the index's filtered
 * walk (docs/benchmarks.md, "HNSW recall@10 on real embeddings").
 */
export async function searchableScope(
  q: Queryable,
  filter: Pick<ChunkFilter, 'viewerId' | 'collectionId'>,
  atMost: number,
): Promise<{ documents: number; chunks: number }> {
  const params: unknown[] = [];
  const where = documentScope(filter, params);
  params.push(Math.trunc(atMost) + 1);
  const { rows } = await q.query<{ documents: number; chunks: number }>(
    `SELECT count(*)::int AS documents, coalesce(sum(chunk_count), 0)::int AS chunks
     FROM (SELECT d.chunk_count FROM documents d WHERE ${where} LIMIT $${params.length}) scoped`,
    params,
  );
  return rows[0] ?? { documents: 0, chunks: 0 };
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
  /** Chunks the search covers (those the viewer may see, in the filter's space and collection). */
  chunks: number;
  /** The query's distinct lexemes with their document (chunk) frequency among those chunks. */
  terms: { lexeme: string; df: number }[];
  /** Mean distinct lexemes per chunk over a sample of those chunks (BM25's avgdl); null when there are none. */
  avgLength: number | null;
}

/** How many chunks the viewer may search, and their mean distinct lexemes over a sample (BM25's N and avgdl). */
export interface VisibleChunkSummary {
  chunks: number;
  avgLength: number | null;
}

const visibleChunks = (filter: Omit<ChunkFilter, 'limit'>, params: unknown[]) =>
  `chunks c JOIN documents d ON d.id = c.document_id WHERE ${scope({ ...filter, limit: 0 }, params)}`;

export async function summariseVisibleChunks(q: Queryable, filter: Omit<ChunkFilter, 'limit'>, sampleSize: number): Promise<VisibleChunkSummary> {
  const params: unknown[] = [sampleSize];
  const { rows } = await q.query<VisibleChunkSummary>(
    // N from the documents' chunk counts: a sum over documents, not a scan of every chunk.
    `SELECT (SELECT coalesce(sum(d.chunk_count), 0)::int FROM documents d
             WHERE d.status = 'ready' AND d.collection_id IN (SELECT col.id FROM collections col WHERE ${collectionVisibleTo('col', `$${params.push(filter.viewerId)}`)})
             ${filter.collectionId ? `AND d.collection_id = $${params.push(filter.collectionId)}` : ''}) AS chunks,
            (SELECT avg(length(s.tsv))::float8 FROM (SELECT c.tsv FROM ${visibleChunks(filter, params)} LIMIT $1) s) AS "avgLength"`,
    params,
  );
  return rows[0];
}

/**
 * BM25's statistics over only the chunks the viewer may search (the same scope as the ranking),
 * so no score or order depends on text someone else stored: statistics over every user's chunks
 * let a member's scores move when another person's private document held the term.
 *
 * Cheaply: each lexeme's visible matches are counted up to `countCap`; one that reaches the cap
 * is estimated from its share of the first `sampleSize` visible chunks. `summary` (N and the mean length)
 * may come from a cache; it is read when not given.
 */
export async function keywordTermStatistics(
  q: Queryable,
  query: string,
  filter: Omit<ChunkFilter, 'limit'>,
  countCap: number,
  sampleSize = 500,
  summary?: VisibleChunkSummary,
): Promise<KeywordTermStatistics> {
  const { chunks, avgLength } = summary ?? (await summariseVisibleChunks(q, filter, sampleSize));
  const params: unknown[] = [query, countCap, sampleSize];
  const { rows } = await q.query<{ lexeme: string; count: number; inSample: number | null }>(
    `WITH lexemes AS (
       SELECT l.lexeme, ('''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery AS tq
       FROM unnest(tsvector_to_array(to_tsvector('english', $1))) l(lexeme)),
     -- Read once, and only if some lexeme reaches the cap (a CTE is evaluated when first read).
     sample AS MATERIALIZED (SELECT c.tsv FROM ${visibleChunks(filter, params)} LIMIT $3),
     counted AS MATERIALIZED (
       SELECT l.lexeme, l.tq,
              (SELECT count(*)::int FROM (SELECT 1 FROM ${visibleChunks(filter, params)} AND c.tsv @@ l.tq LIMIT $2) capped) AS count
       FROM lexemes l)
     SELECT lexeme, count,
            CASE WHEN count >= $2 THEN (SELECT count(*)::int FROM sample s WHERE s.tsv @@ counted.tq) END AS "inSample"
     FROM counted`,
    params,
  );
  const sampled = Math.min(chunks, sampleSize);
  const terms = rows.map((r) => ({
    lexeme: r.lexeme,
    df: r.inSample !== null && sampled > 0 ? Math.max(r.count, Math.round((r.inSample / sampled) * chunks)) : r.count,
  }));
  return { chunks: Math.max(chunks, ...terms.map((t) => t.df)), terms, avgLength };
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
