import type { Queryable } from '../types';
import { isUuid } from './ids';

/*
 * The access rules, as SQL fragments over a viewer parameter (`param`: a user id, or NULL on an
 * install with no accounts yet). Every query that reads or changes documents, chunks or
 * collections for a person includes one, so no caller can forget it and nothing is filtered
 * afterwards. A membership only exists once its invitation was accepted.
 */

/** May read (search, list, cite): the owner, or any member. */
export function collectionVisibleTo(alias: string, param: string): string {
  return `(${alias}.owner_id IS NOT DISTINCT FROM ${param}::uuid OR EXISTS (
    SELECT 1 FROM collection_members cm WHERE cm.collection_id = ${alias}.id AND cm.user_id = ${param}::uuid))`;
}

/** May add documents: the owner, or a member with the editor role. */
export function collectionWritableBy(alias: string, param: string): string {
  return `(${alias}.owner_id IS NOT DISTINCT FROM ${param}::uuid OR EXISTS (
    SELECT 1 FROM collection_members cm WHERE cm.collection_id = ${alias}.id AND cm.user_id = ${param}::uuid
      AND cm.role = 'editor'))`;
}

/** May manage members, delete and retry anything in it: the owner only. */
export function collectionOwnedBy(alias: string, param: string): string {
  return `(${alias}.owner_id IS NOT DISTINCT FROM ${param}::uuid)`;
}

/** May read the document `doc` in collection `col`: whoever may read the collection, and its uploader. */
export function documentVisibleTo(doc: string, col: string, param: string): string {
  return `(${collectionVisibleTo(col, param)} OR ${doc}.uploaded_by = ${param}::uuid)`;
}

/** May delete or retry the document: the collection's owner, and its uploader. */
export function documentManagedBy(doc: string, col: string, param: string): string {
  return `(${collectionOwnedBy(col, param)} OR ${doc}.uploaded_by = ${param}::uuid)`;
}

/** `any` finds a collection whatever the viewer's access: only for their own invitation rows. */
export type CollectionAccess = 'read' | 'write' | 'own' | 'any';

const RULES: Record<CollectionAccess, (alias: string, param: string) => string> = {
  read: collectionVisibleTo,
  write: collectionWritableBy,
  own: collectionOwnedBy,
  // Mentions the parameter only so that it has a type; PostgreSQL refuses an untyped unused one.
  any: (_alias, param) => `(${param}::uuid IS NULL OR true)`,
};

/**
 * How a request names a collection. A bare name is always the viewer's own collection; another
 * person's is named only unambiguously, by its id or as `owner-email/name`, never by falling
 * back from a name (which let a share capture other people's uploads).
 */
export type CollectionRef =
  | { kind: 'own'; name: string }
  | { kind: 'id'; id: string }
  | { kind: 'qualified'; ownerEmail: string; name: string };

/** Names never contain '/', so the last one separates an owner's email from the name. */
export function parseCollectionRef(value: string): CollectionRef {
  if (isUuid(value)) return { kind: 'id', id: value };
  const slash = value.lastIndexOf('/');
  if (slash < 0) return { kind: 'own', name: value };
  return { kind: 'qualified', ownerEmail: value.slice(0, slash), name: value.slice(slash + 1) };
}

/** The collection the reference names, if the viewer has that access to it. */
export async function findCollectionId(
  q: Queryable,
  viewerId: string | null,
  reference: string | CollectionRef,
  access: CollectionAccess,
): Promise<string | null> {
  const ref = typeof reference === 'string' ? parseCollectionRef(reference) : reference;
  const rule = RULES[access]('col', '$1');
  const { rows } =
    ref.kind === 'own'
      ? await q.query<{ id: string }>(
          'SELECT col.id FROM collections col WHERE col.owner_id IS NOT DISTINCT FROM $1::uuid AND col.name = $2',
          [viewerId, ref.name],
        )
      : ref.kind === 'id'
        ? await q.query<{ id: string }>(`SELECT col.id FROM collections col WHERE col.id = $2 AND ${rule}`, [viewerId, ref.id])
        : await q.query<{ id: string }>(
            `SELECT col.id FROM collections col JOIN users u ON u.id = col.owner_id
             WHERE lower(u.email) = lower($2) AND col.name = $3 AND ${rule}`,
            [viewerId, ref.ownerEmail, ref.name],
          );
  return rows[0]?.id ?? null;
}

/** The collection a reference names for reading (search, lists, chat). */
export async function getVisibleCollectionId(q: Queryable, viewerId: string | null, reference: string): Promise<string | null> {
  return findCollectionId(q, viewerId, reference, 'read');
}

/** The viewer's own collection of that name, created if missing. Never someone else's. */
export async function getOrCreateCollection(q: Queryable, viewerId: string | null, name: string): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO collections (owner_id, name) VALUES ($1, $2)
     ON CONFLICT (owner_id, name) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [viewerId, name],
  );
  return rows[0].id;
}

export type CollectionRole = 'owner' | 'editor' | 'reader';

export interface CollectionRow {
  id: string;
  name: string;
  /** The owner's email; null on an install with no accounts. */
  owner: string | null;
  documentCount: number;
  /** Whether the viewer owns it (else they accepted a share of it). */
  owned: boolean;
  role: CollectionRole;
}

export async function listVisibleCollections(q: Queryable, viewerId: string | null): Promise<CollectionRow[]> {
  const { rows } = await q.query<CollectionRow>(
    `SELECT col.id, col.name, u.email AS owner,
            (SELECT count(*)::int FROM documents d WHERE d.collection_id = col.id) AS "documentCount",
            (col.owner_id IS NOT DISTINCT FROM $1::uuid) AS owned,
            CASE WHEN col.owner_id IS NOT DISTINCT FROM $1::uuid THEN 'owner' ELSE cm.role END AS role
     FROM collections col
     LEFT JOIN users u ON u.id = col.owner_id
     LEFT JOIN collection_members cm ON cm.collection_id = col.id AND cm.user_id = $1::uuid
     WHERE ${collectionVisibleTo('col', '$1')}
     ORDER BY owned DESC, col.name, u.email, col.created_at`,
    [viewerId],
  );
  return rows;
}
