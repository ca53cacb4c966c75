import type { Queryable } from '@/db';
import {
  type ChunkFilter,
  type KeywordScoring,
  type KeywordTermStatistics,
  keywordTermStatistics,
  summariseVisibleChunks,
  type VisibleChunkSummary,
} from '@/db/queries/chunks';

/**
 * Keyword ranking: BM25 over the query's lexemes, with document frequencies counted over the
 * chunks the viewer may search (see keywordTermStatistics), and a bounded candidate set.
 *
 * Matching every chunk that holds any term of a question (the OR of its lexemes) and ranking
 * them all costs time linear in the corpus: at 100k chunks a claim's common words ("cell",
 * "patient", "increase") match most of it. Those words add little to a BM25 score, so only
 * the rarest lexemes decide which chunks are candidates — rarest first while their summed
 * document frequency stays within MATCH_BUDGET, at least one — and every candidate is then
 * scored on all of the query's lexemes. A chunk holding only common words can still be found,
 * unless the query's rare words already supply better candidates.
 */

/** BM25's usual constants (Robertson & Zaragoza); b normalises by distinct lexemes per chunk. */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/**
 * Upper bound on the summed document frequency of the lexemes a query matches on, which
 * bounds the rows scored. Measured on SciFact and at 100k synthetic chunks: docs/benchmarks.md.
 */
export const MATCH_BUDGET = 500;

/** Robertson–Spärck Jones IDF as in Lucene's BM25: never negative. */
export function bm25Idf(df: number, chunks: number): number {
  return Math.log(1 + (chunks - df + 0.5) / (df + 0.5));
}

/** A lexeme as a one-term tsquery: quoted, so stemmed forms like `studi` or `covid-19` stay one lexeme. */
export function lexemeTsquery(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export interface KeywordPlan {
  /** tsquery text: the lexemes that select candidates, OR-ed; '' when the query has no lexeme in the corpus. */
  match: string;
  scoring: KeywordScoring;
}

/**
 * Picks the match lexemes and weights from term statistics. Lexemes found in no chunk are
 * dropped (they can neither match nor score); the others are taken rarest first while the
 * summed document frequency stays within `budget` (the rarest always).
 */
export function planKeywordQuery(stats: KeywordTermStatistics, budget = MATCH_BUDGET): KeywordPlan {
  const present = stats.terms.filter((t) => t.df > 0);
  const byRarity = [...present].sort((a, b) => a.df - b.df || a.lexeme.localeCompare(b.lexeme));
  const match: string[] = [];
  let rows = 0;
  for (const term of byRarity) {
    if (match.length > 0 && rows + term.df > budget) break;
    match.push(lexemeTsquery(term.lexeme));
    rows += term.df;
  }
  return {
    match: match.join(' | '),
    scoring: {
      lexemes: present.map((t) => lexemeTsquery(t.lexeme)),
      idf: present.map((t) => bm25Idf(t.df, stats.chunks)),
      avgLength: stats.avgLength ?? DEFAULT_AVG_LENGTH,
      k1: BM25_K1,
      b: BM25_B,
    },
  };
}

/** With no chunks stored: about what a 256-token chunk of prose holds. */
const DEFAULT_AVG_LENGTH = 100;

// Counting the viewer's chunks (BM25's N) and sampling their mean length reads every visible
// row's index entry; both change slowly, so they are kept a minute per viewer and scope. They
// come from what that viewer may see only, so a cached value reveals nothing either.
const SUMMARY_TTL_MS = 60_000;
const SUMMARY_SAMPLE = 500;
const MAX_CACHED_SCOPES = 1000;
// Past this many matches a lexeme's frequency is estimated from the sample (±10% or so at this
// size); counting further costs a join per match. Measured in docs/benchmarks.md.
const COUNT_CAP = 100;
const summaries = new WeakMap<object, Map<string, { value: VisibleChunkSummary; at: number }>>();

/** Term statistics for a keyword search over what the filter's viewer may search. */
export async function keywordStatistics(db: Queryable, query: string, filter: ChunkFilter): Promise<KeywordTermStatistics> {
  let cache = summaries.get(db);
  if (!cache) summaries.set(db, (cache = new Map()));
  const key = `${filter.viewerId}|${filter.collectionId}|${filter.space.id}`;
  let entry = cache.get(key);
  if (!entry || Date.now() - entry.at > SUMMARY_TTL_MS) {
    if (cache.size >= MAX_CACHED_SCOPES) cache.clear();
    entry = { value: await summariseVisibleChunks(db, filter, SUMMARY_SAMPLE), at: Date.now() };
    cache.set(key, entry);
  }
  return keywordTermStatistics(db, query, filter, COUNT_CAP, SUMMARY_SAMPLE, entry.value);
}
