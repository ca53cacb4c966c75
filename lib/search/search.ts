import type { Database } from '@/db';
import { getVisibleCollectionId } from '@/db/queries/collections';
import { normalizeCollectionRef } from '../collection-names';
import {
  type ChunkFilter,
  type ChunkHit,
  searchChunksByKeyword,
  searchChunksByVector,
  searchableScope,
} from '@/db/queries/chunks';
import { observeSearch } from '../metrics';
import type { EmbeddingContext } from '../runtime';
import type { RetrievalMode, Settings } from '../settings';
import { fuseByReciprocalRank } from './fuse';
import { keywordStatistics, planKeywordQuery } from './keyword';
import { checkQuestion, searchTextOf } from './question';

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
  /** Filled with each retriever's ranked list and timings, for an answer's trace. */
  explain?: SearchExplain;
}

/** What a search did, for an answer's trace (lib/chat/trace-retrieval.ts reads it). */
export interface SearchExplain {
  vector?: ChunkHit[];
  keyword?: ChunkHit[];
  /** Hybrid: every candidate fused, best first (the result is its first k). */
  fused?: ChunkHit[];
  embedQueryMs?: number;
  /** How the vector side searched: the HNSW index, or an exact scan of a small scope's rows. */
  vectorScan?: 'index' | 'exact';
  /** Each retriever's whole time; the vector side's includes embedding the query. */
  vectorMs?: number;
  keywordMs?: number;
  fusionMs?: number;
}

/** Runs one retriever, noting its hits and time in `explain` when asked to. */
async function explained(explain: SearchExplain | undefined, side: 'vector' | 'keyword', run: () => Promise<ChunkHit[]>): Promise<ChunkHit[]> {
  const started = performance.now();
  const hits = await run();
  if (explain) Object.assign(explain, { [side]: hits, [`${side}Ms`]: performance.now() - started });
  return hits;
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
 * A scope of at most this many documents holding fewer than EXACT_SCAN_CHUNKS chunks (a small
 * collection, a member's few shared documents) is searched exactly: under such a filter the
 * HNSW scan walks most of the graph to find its rows, 5–8× slower than reading them all
 * (real SciFact embeddings, 1% of rows: 43 ms against 8.5 ms on PGlite). The chunk bound is
 * where an exact scan's cost (~0.008 ms a row) meets the unfiltered index's; the document bound
 * keeps the scope question cheap.
 */
const EXACT_SCAN_DOCUMENTS = 100;
const EXACT_SCAN_CHUNKS = 1000;

/** Quotes, a leading `-` or an `or` between words: websearch syntax, taken as written. */
export function usesWebsearchSyntax(query: string): boolean {
  return /["]|(^|\s)-\S|\s(or|OR)\s/.test(query);
}

/**
 * The match side of a keyword search as SQL over $1. A query in websearch syntax is taken as
 * written; otherwise $1 is the tsquery text keywordHits builds (the question's rarest
 * lexemes, OR-ed), since websearch_to_tsquery alone would demand every term of a long question.
 */
export function keywordQuerySql(query: string): string {
  return usesWebsearchSyntax(query) ? `websearch_to_tsquery('english', $1)` : `$1::tsquery`;
}

/** Retrieves the best chunks for a query: vector, keyword, or both fused by RRF. */
export async function searchChunks(
  db: Database,
  embedding: EmbeddingContext,
  settings: Settings,
  request: SearchRequest,
): Promise<SearchResult[]> {
  checkQuestion(request.query);
  const query = searchTextOf(request.query);
  let collectionId: string | null = null;
  if (request.collection) {
    collectionId = await getVisibleCollectionId(db, request.viewerId, normalizeCollectionRef(request.collection));
    if (!collectionId) return [];
  }
  const candidates =
    request.mode === 'hybrid' ? Math.max(Math.ceil(request.k * (request.candidateFactor ?? CANDIDATE_FACTOR)), MIN_CANDIDATES) : request.k;
  const filter: ChunkFilter = { space: embedding.space, viewerId: request.viewerId, collectionId, limit: candidates };
  const scope = await searchableScope(db, filter, EXACT_SCAN_DOCUMENTS);
  if (scope.documents === 0) return [];
  const exactScan = scope.documents <= EXACT_SCAN_DOCUMENTS && scope.chunks < EXACT_SCAN_CHUNKS;

  const vectorHits = async (): Promise<ChunkHit[]> => {
    const embedStart = performance.now();
    const vector = await embedding.embedder.embedQuery(query);
    if (request.explain) request.explain.embedQueryMs = performance.now() - embedStart;
    if (request.explain) request.explain.vectorScan = exactScan ? 'exact' : 'index';
    if (exactScan) return nearestExactly(vector);
    const hits = await db.transaction(async (tx) => {
      // SET LOCAL takes no parameters; the numbers are validated integers from settings.
      // pgvector rejects ef_search above 1,000.
      await tx.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.trunc(Math.max(settings.efSearch, candidates)))}`);
      await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
      // pgvector's cost model scales the index's start-up cost with ef_search ÷ rows: at ~10k
      // chunks and ef_search ≥ 300 the planner switches to an exact scan + sort (50–150 ms
      // against the index's ~5–15 ms, measured in docs/benchmarks.md). Without sorts it keeps
      // the index plan it already picks at ef_search 200. A disabled sort adds 1e10 to the plan's
      // cost, which would make PostgreSQL JIT-compile this 10 ms query (~240 ms, measured), so no JIT.
      await tx.query(`SET LOCAL enable_sort = off`);
      await tx.query(`SET LOCAL jit = off`);
      return searchChunksByVector(tx, vector, filter);
    });
    if (hits.length >= filter.limit) return hits;
    // Short: either fewer chunks pass the filter than asked for, or they lie so far from the
    // query in a large table that the iterative scan gave up (hnsw.max_scan_tuples, 20,000 by
    // default) before reaching them. Search the filtered rows exactly then — never unfiltered.
    return nearestExactly(vector);
  };
  const nearestExactly = (vector: Float32Array): Promise<ChunkHit[]> =>
    db.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_indexscan = off`);
      return searchChunksByVector(tx, vector, filter);
    });
  // BM25 over the query's lexemes (lib/search/keyword.ts): the term statistics over what this
  // viewer may search (never other people's chunks), then the ranking over a bounded candidate set.
  const keywordHits = async (): Promise<ChunkHit[]> => {
    const stats = await keywordStatistics(db, query, filter);
    const plan = planKeywordQuery(stats);
    // Websearch syntax is matched as written; otherwise on the plan's rarest lexemes.
    const websearch = usesWebsearchSyntax(query);
    if (!websearch && !plan.match) return [];
    return searchChunksByKeyword(db, websearch ? query : plan.match, keywordQuerySql(query), filter, plan.scoring);
  };

  const { explain } = request;
  const searched = observeSearch(request.mode);
  let hits: ChunkHit[];
  if (request.mode === 'vector') hits = await explained(explain, 'vector', vectorHits);
  else if (request.mode === 'keyword') hits = await explained(explain, 'keyword', keywordHits);
  else {
    // Concurrently: the query embedding runs in ONNX's native threads, so the keyword SQL
    // (PGlite runs on this thread; PostgreSQL on another pooled connection) overlaps it.
    const [vector, keyword] = await Promise.all([explained(explain, 'vector', vectorHits), explained(explain, 'keyword', keywordHits)]);
    const fuseStart = performance.now();
    // Explained, every candidate keeps its fused rank; the result is still the first k.
    hits = fuseByReciprocalRank([vector, keyword], settings.rrfK, explain ? Infinity : request.k);
    if (explain) Object.assign(explain, { fused: hits, fusionMs: performance.now() - fuseStart });
  }

  searched();
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
