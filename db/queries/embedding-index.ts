import type { Queryable } from '../types';
import type { EmbeddingSpace } from './embedding-models';

/**
 * The embedding index's state (db/migrations/004_embedding_reindex.sql): the space search
 * uses, and the space a re-index is filling. Reads that decide a write lock the one row:
 * FOR SHARE for chunk writers, FOR UPDATE for whoever switches or cancels.
 */
export interface EmbeddingIndexState {
  active: EmbeddingSpace | null;
  target: EmbeddingSpace | null;
  reindexStartedAt: Date | null;
  lastReindex: { model: string; finishedAt: Date } | null;
}

interface StateRow {
  activeId: number | null;
  activeName: string | null;
  activeDim: number | null;
  targetId: number | null;
  targetName: string | null;
  targetDim: number | null;
  reindexStartedAt: Date | null;
  lastName: string | null;
  lastFinishedAt: Date | null;
}

const SELECT_STATE = `
  SELECT a.id AS "activeId", a.name AS "activeName", a.dim AS "activeDim",
         t.id AS "targetId", t.name AS "targetName", t.dim AS "targetDim",
         s.reindex_started_at AS "reindexStartedAt",
         l.name AS "lastName", s.last_reindex_finished_at AS "lastFinishedAt"
  FROM embedding_index s
  LEFT JOIN embedding_models a ON a.id = s.active_model_id
  LEFT JOIN embedding_models t ON t.id = s.target_model_id
  LEFT JOIN embedding_models l ON l.id = s.last_reindex_model_id`;

const space = (id: number | null, name: string | null, dim: number | null): EmbeddingSpace | null =>
  id === null || name === null || dim === null ? null : { id, name, dim };

/** The state; `lock` takes the row (in a transaction) so the answer holds until commit. */
export async function getEmbeddingIndexState(q: Queryable, lock?: 'share' | 'update'): Promise<EmbeddingIndexState> {
  if (lock) {
    // The row exists from the migration on; re-created here should someone have deleted it.
    await q.query('INSERT INTO embedding_index (singleton) VALUES (true) ON CONFLICT DO NOTHING');
    await q.query(`SELECT 1 FROM embedding_index FOR ${lock === 'share' ? 'SHARE' : 'UPDATE'}`);
  }
  const { rows } = await q.query<StateRow>(SELECT_STATE);
  if (!rows[0]) return { active: null, target: null, reindexStartedAt: null, lastReindex: null };
  const r = rows[0];
  return {
    active: space(r.activeId, r.activeName, r.activeDim),
    target: space(r.targetId, r.targetName, r.targetDim),
    reindexStartedAt: r.reindexStartedAt,
    lastReindex: r.lastName && r.lastFinishedAt ? { model: r.lastName, finishedAt: r.lastFinishedAt } : null,
  };
}

/** Makes `spaceId` active when no space is yet (a fresh database); returns whether it did. */
export async function activateSpaceIfUnset(q: Queryable, spaceId: number): Promise<boolean> {
  await q.query('INSERT INTO embedding_index (singleton) VALUES (true) ON CONFLICT DO NOTHING');
  const { rowCount } = await q.query(
    `UPDATE embedding_index SET active_model_id = $1, updated_at = now()
     WHERE active_model_id IS NULL AND target_model_id IS DISTINCT FROM $1`,
    [spaceId],
  );
  return rowCount > 0;
}

export async function setEmbeddingIndexTarget(q: Queryable, targetId: number | null): Promise<void> {
  await q.query(
    `UPDATE embedding_index SET target_model_id = $1,
            reindex_started_at = CASE WHEN $1::int IS NULL THEN NULL ELSE now() END, updated_at = now()`,
    [targetId],
  );
}

/** The switch: the target becomes active, atomically with whatever else the caller's transaction does. */
export async function activateTarget(q: Queryable, targetId: number): Promise<void> {
  await q.query(
    `UPDATE embedding_index SET active_model_id = $1, target_model_id = NULL, reindex_started_at = NULL,
            last_reindex_model_id = $1, last_reindex_finished_at = now(), updated_at = now()
     WHERE target_model_id = $1`,
    [targetId],
  );
}

/** Every chunk outside `keepId` (the old space after a switch, or a cancelled target's leftovers). */
export async function deleteChunksOutsideSpace(q: Queryable, keepId: number): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM chunks WHERE embedding_model_id <> $1', [keepId]);
  return rowCount;
}

export async function deleteChunksOfSpace(q: Queryable, spaceId: number): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM chunks WHERE embedding_model_id = $1', [spaceId]);
  return rowCount;
}
