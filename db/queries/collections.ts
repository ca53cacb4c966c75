import type { Queryable } from '../types';

/**
 * The one access rule, as SQL: true when the viewer (parameter `param`: a user id, or NULL on
 * an install with no accounts yet) owns the collection `alias` or is a member of it. Every
 * query that reads documents, chunks or collections for a person includes it.
 */
export function collectionVisibleTo(alias: string, param: string): string {
  return `(${alias}.owner_id IS NOT DISTINCT FROM ${param}::uuid OR EXISTS (
    SELECT 1 FROM collection_members cm WHERE cm.collection_id = ${alias}.id AND cm.user_id = ${param}::uuid))`;
}

/** The visible collection of that name: the viewer's own first, then one shared with them. */
export async function getVisibleCollectionId(q: Queryable, viewerId: string | null, name: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT col.id FROM collections col
     WHERE col.name = $2 AND ${collectionVisibleTo('col', '$1')}
     ORDER BY (col.owner_id IS NOT DISTINCT FROM $1::uuid) DESC, col.created_at, col.id
     LIMIT 1`,
    [viewerId, name],
  );
  return rows[0]?.id ?? null;
}

/** The visible collection of that name, or a new one owned by the viewer. */
export async function getOrCreateCollection(q: Queryable, viewerId: string | null, name: string): Promise<string> {
  const visible = await getVisibleCollectionId(q, viewerId, name);
  if (visible) return visible;
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO collections (owner_id, name) VALUES ($1, $2)
     ON CONFLICT (owner_id, name) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [viewerId, name],
  );
  return rows[0].id;
}

export interface CollectionRow {
  id: string;
  name: string;
  documentCount: number;
  /** Whether the viewer owns it (else it was shared with them). */
  owned: boolean;
}

export async function listVisibleCollections(q: Queryable, viewerId: string | null): Promise<CollectionRow[]> {
  const { rows } = await q.query<CollectionRow>(
    `SELECT col.id, col.name, count(d.id)::int AS "documentCount",
            (col.owner_id IS NOT DISTINCT FROM $1::uuid) AS owned
     FROM collections col LEFT JOIN documents d ON d.collection_id = col.id
     WHERE ${collectionVisibleTo('col', '$1')}
     GROUP BY col.id ORDER BY col.name, col.created_at`,
    [viewerId],
  );
  return rows;
}

/** The viewer's own collection of that name (only owners share or unshare). */
export async function getOwnedCollectionId(q: Queryable, ownerId: string | null, name: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM collections WHERE owner_id IS NOT DISTINCT FROM $1::uuid AND name = $2',
    [ownerId, name],
  );
  return rows[0]?.id ?? null;
}

export async function addCollectionMember(q: Queryable, collectionId: string, userId: string): Promise<void> {
  await q.query(
    'INSERT INTO collection_members (collection_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [collectionId, userId],
  );
}

export async function removeCollectionMember(q: Queryable, collectionId: string, userId: string): Promise<boolean> {
  const { rowCount } = await q.query(
    'DELETE FROM collection_members WHERE collection_id = $1 AND user_id = $2',
    [collectionId, userId],
  );
  return rowCount > 0;
}

export async function listCollectionMembers(q: Queryable, collectionId: string): Promise<{ id: string; email: string }[]> {
  const { rows } = await q.query<{ id: string; email: string }>(
    `SELECT u.id, u.email FROM collection_members cm JOIN users u ON u.id = cm.user_id
     WHERE cm.collection_id = $1 ORDER BY u.email`,
    [collectionId],
  );
  return rows;
}
