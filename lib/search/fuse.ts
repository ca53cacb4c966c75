import type { ChunkHit } from '@/db/queries/chunks';

/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): each list adds 1/(k + rank)
 * for every hit it holds. Scores of different retrievers are not comparable; ranks are.
 */
export function fuseByReciprocalRank(lists: ChunkHit[][], k: number, limit: number): ChunkHit[] {
  const fused = new Map<string, ChunkHit>();
  for (const list of lists) {
    list.forEach((hit, index) => {
      const add = 1 / (k + index + 1);
      const seen = fused.get(hit.chunkId);
      if (seen) seen.score += add;
      else fused.set(hit.chunkId, { ...hit, score: add });
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId))
    .slice(0, limit);
}
