/**
 * Ranking metrics as BEIR computes them through pytrec_eval (trec_eval): graded relevance from
 * the qrels, a document counts as relevant when its grade is ≥ 1, and a query with nothing
 * retrieved scores 0 rather than being skipped. Pure functions over ranked document ids.
 */

/** Relevance grades of one query's judged documents (doc id → grade). */
export type Judgements = ReadonlyMap<string, number>;

const gainOf = (judged: Judgements, id: string) => Math.max(0, judged.get(id) ?? 0);

/**
 * nDCG@k with trec_eval's definition: gain = grade (linear, not 2^grade − 1), discount
 * log2(rank + 1), and the ideal ranking built from the qrels' grades, not from what was retrieved.
 */
export function ndcgAtK(ranked: readonly string[], judged: Judgements, k: number): number {
  const ideal = [...judged.values()].filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  if (ideal.length === 0) return 0;
  const dcg = ranked.slice(0, k).reduce((sum, id, i) => sum + gainOf(judged, id) / Math.log2(i + 2), 0);
  const idcg = ideal.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
  return dcg / idcg;
}

/** Share of the query's relevant documents found in the top k. */
export function recallAtK(ranked: readonly string[], judged: Judgements, k: number): number {
  const relevant = [...judged.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  return ranked.slice(0, k).filter((id) => gainOf(judged, id) > 0).length / relevant;
}

/** Reciprocal rank of the first relevant document within the top k, 0 when there is none. */
export function mrrAtK(ranked: readonly string[], judged: Judgements, k: number): number {
  const at = ranked.slice(0, k).findIndex((id) => gainOf(judged, id) > 0);
  return at < 0 ? 0 : 1 / (at + 1);
}

/**
 * Chunk hits (best first) to a document ranking: each document takes the rank of its best
 * chunk, i.e. the max over its chunks' scores, and appears once. `toIds` maps a stored
 * document to the dataset ids it stands for (usually one; several when identical texts were
 * deduplicated on upload, which then tie at adjacent ranks as they would in the dataset).
 */
export function rankDocuments<H>(hits: readonly H[], toIds: (hit: H) => readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const hit of hits) {
    for (const id of toIds(hit)) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

/**
 * Share of the query's relevant documents that appear in the first k chunks of a chunk
 * ranking (each chunk given as the dataset ids it stands for): what a chat that passes its
 * top-k chunks to the model gets to see, as opposed to recall over k distinct documents.
 */
export function recallInFirstChunks(chunks: readonly (readonly string[])[], judged: Judgements, k: number): number {
  const relevant = [...judged.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  const found = new Set(chunks.slice(0, k).flat().filter((id) => gainOf(judged, id) > 0));
  return found.size / relevant;
}

/** Mean metrics keyed as BEIR reports them, e.g. `ndcg@10`, `recall@10`, `recall@100`, `mrr@10`. */
export type RetrievalScores = Record<string, number>;

/** Means over judged queries; a judged query missing from the run counts as 0, not skipped. */
export function scoreRun(
  run: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgements>,
  k = 10,
  deepK = 100,
): RetrievalScores {
  const totals = { ndcg: 0, recall: 0, deep: 0, mrr: 0 };
  for (const [queryId, judged] of qrels) {
    const ranked = run.get(queryId) ?? [];
    totals.ndcg += ndcgAtK(ranked, judged, k);
    totals.recall += recallAtK(ranked, judged, k);
    totals.deep += recallAtK(ranked, judged, deepK);
    totals.mrr += mrrAtK(ranked, judged, k);
  }
  const n = Math.max(1, qrels.size);
  return {
    [`ndcg@${k}`]: totals.ndcg / n,
    [`recall@${k}`]: totals.recall / n,
    [`recall@${deepK}`]: totals.deep / n,
    [`mrr@${k}`]: totals.mrr / n,
  };
}
