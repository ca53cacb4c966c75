import type { Queryable } from '../types';

/** Returns the collection's id, creating it on first use (names are unique). */
export async function upsertCollectionByName(q: Queryable, name: string): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO collections (name) VALUES ($1)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [name],
  );
  return rows[0].id;
}

export async function getCollectionIdByName(q: Queryable, name: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM collections WHERE name = $1', [name]);
  return rows[0]?.id ?? null;
}

export async function listCollections(q: Queryable): Promise<{ name: string; documentCount: number }[]> {
  const { rows } = await q.query<{ name: string; documentCount: number }>(
    `SELECT c.name, count(d.id)::int AS "documentCount"
     FROM collections c LEFT JOIN documents d ON d.collection_id = c.id
     GROUP BY c.id ORDER BY c.name`,
  );
  return rows;
}
