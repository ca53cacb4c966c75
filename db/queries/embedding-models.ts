import type { Queryable } from '../types';

export interface EmbeddingSpace {
  id: number;
  name: string;
  dim: number;
}

/**
 * Registers an embedding model and makes sure its HNSW index exists. The index is a partial
 * expression index because `chunks.embedding` has no fixed dimension (several models may
 * coexist while re-indexing); queries must repeat the same cast and predicate to use it
 * (see vectorExpression). Both numbers come from our own rows, never from a request.
 */
export async function ensureEmbeddingSpace(q: Queryable, name: string, dim: number): Promise<EmbeddingSpace> {
  if (!Number.isInteger(dim) || dim <= 0 || dim > 16000) throw new Error(`Invalid embedding dimension ${dim}`);
  const { rows } = await q.query<EmbeddingSpace>(
    `INSERT INTO embedding_models (name, dim) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
     RETURNING id, name, dim`,
    [name, dim],
  );
  const space = rows[0];
  if (space.dim !== dim) {
    throw new Error(
      `Embedding model ${name} was registered with ${space.dim} dimensions but now yields ${dim}; ` +
        'the stored vectors cannot be reused — re-index with a new model name.',
    );
  }
  // HNSW only indexes up to 2,000 dimensions; larger models fall back to exact search.
  if (space.dim <= 2000) {
    await q.query(
      `CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_${space.id} ON chunks
       USING hnsw ((embedding::vector(${space.dim})) vector_cosine_ops)
       WHERE embedding_model_id = ${space.id}`,
    );
  }
  return space;
}

/** The indexed expression for a space; inlined integers so the planner can match the index. */
export function vectorExpression(space: EmbeddingSpace, column = 'c.embedding'): string {
  return `${column}::vector(${Math.trunc(space.dim)})`;
}
