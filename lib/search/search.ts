import type { Database } from '@/db';
import { getVisibleCollectionId } from '@/db/queries/collections';
import { type ChunkFilter, type ChunkHit, searchChunksByKeyword, searchChunksByVector } from '@/db/queries/chunks';
import type { EmbeddingContext } from '../runtime';
import type { RetrievalMode, Settings } from '../settings';
import { fuseByReciprocalRank } from './fuse';

export interface SearchRequest {
  query: string;
  k: number;
  mode: RetrievalMode;
  /** Whose search: only collections this user (null: the no-accounts owner) may use are searched. */
  viewerId: string | null;
  /** Collection name; undefined searches every collection the viewer may use. */
  collection?: string;
  /** Hybrid: candidates per retriever as a multiple of k (CANDIDATE_FACTOR when unset); for the eval's sweeps. */
  candidateFactor?: number;
}

/** A retrieved chunk as the API shows it (the contract's search result and source fields). */
export interface ChunkResult {
  chunkId: string;
  documentId: string;
  documentName: string;
  text: string;
  score: number;
  page: number | null;
}

export interface SearchResult extends ChunkResult {
  headingPath: string[];
}

// Each retriever proposes more candidates than asked for, so fusion has something to fuse.
const CANDIDATE_FACTOR = 4;
const MIN_CANDIDATES = 40;

/**
 * Plain questions match documents holding any of their terms (ranked by ts_rank_cd, which
 * rewards more and closer matches); a query using websearch syntax (quotes, -, or) is taken
 * as written. websearch_to_tsquery alone would demand every term of a long question.
 */
export function keywordQuerySql(query: string): string {
  const usesOperators = /["]|(^|\s)-\S|\s(or|OR)\s/.test(query);
  return usesOperators
    ? `websearch_to_tsquery('english', $1)`
    : `replace(websearch_to_tsquery('english', $1)::text, ' & ', ' | ')::tsquery`;
}

/** Retrieves the best chunks for a query: vector, keyword, or both fused by RRF. */
export async function searchChunks(
  db: Database,
  embedding: EmbeddingContext,
  settings: Settings,
  request: SearchRequest,
): Promise<SearchResult[]> {
  let collectionId: string | null = null;
  if (request.collection) {
    collectionId = await getVisibleCollectionId(db, request.viewerId, request.collection);
    if (!collectionId) return [];
  }
  const candidates =
    request.mode === 'hybrid' ? Math.max(Math.ceil(request.k * (request.candidateFactor ?? CANDIDATE_FACTOR)), MIN_CANDIDATES) : request.k;
  const filter: ChunkFilter = { space: embedding.space, viewerId: request.viewerId, collectionId, limit: candidates };

  const vectorHits = async (): Promise<ChunkHit[]> => {
    const vector = await embedding.embedder.embedQuery(request.query);
    return db.transaction(async (tx) => {
      // SET LOCAL takes no parameters; the numbers are validated integers from settings.
      // pgvector rejects ef_search above 1,000.
      await tx.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.trunc(Math.max(settings.efSearch, candidates)))}`);
      await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      return searchChunksByVector(tx, vector, filter);
    });
  };
  const keywordHits = () => searchChunksByKeyword(db, request.query, keywordQuerySql(request.query), filter);

  let hits: ChunkHit[];
  if (request.mode === 'vector') hits = await vectorHits();
  else if (request.mode === 'keyword') hits = await keywordHits();
  else hits = fuseByReciprocalRank([await vectorHits(), await keywordHits()], settings.rrfK, request.k);

  return hits.slice(0, request.k).map((h) => ({
    chunkId: h.chunkId,
    documentId: h.documentId,
    documentName: h.documentName,
    text: h.text,
    score: h.score,
    page: h.page,
    headingPath: h.headingPath,
  }));
}
