import type { Queryable } from '../types';
import { isUuid } from './ids';

export type UserRole = 'admin' | 'member';

export interface UserRow {
  id: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}

const USER_COLUMNS = 'id, email, role, created_at AS "createdAt"';

export async function countUsers(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0].n;
}

export async function listUsers(q: Queryable): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`);
  return rows;
}

export async function getUserById(q: Queryable, id: string): Promise<UserRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function getUserByEmail(q: Queryable, email: string): Promise<(UserRow & { passwordHash: string }) | null> {
  const { rows } = await q.query<UserRow & { passwordHash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0] ?? null;
}

/** The install's owner: the oldest admin (the automation key acts as this account). */
export async function getFirstAdmin(q: Queryable): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users WHERE role = 'admin' ORDER BY created_at, id LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Inserts a user; null when the email is already taken (case-insensitively). */
export async function insertUser(
  q: Queryable,
  user: { email: string; passwordHash: string; role: UserRole },
): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
     ON CONFLICT ((lower(email))) DO NOTHING
     RETURNING ${USER_COLUMNS}`,
    [user.email, user.passwordHash, user.role],
  );
  return rows[0] ?? null;
}

/** Rows made before any account existed (NULL owner) become the first admin's. */
export async function adoptOwnerlessRows(q: Queryable, adminId: string): Promise<void> {
  await q.query('UPDATE collections SET owner_id = $1 WHERE owner_id IS NULL', [adminId]);
  await q.query('UPDATE chats SET owner_id = $1 WHERE owner_id IS NULL', [adminId]);
  await q.query('UPDATE documents SET uploaded_by = $1 WHERE uploaded_by IS NULL', [adminId]);
}

/**
 * Hands a leaving user's collections to another account (names get the old owner's email so
 * they cannot clash), then deletes the user; sessions, keys, memberships and chats go with it.
 */
export async function deleteUserKeepingCollections(q: Queryable, userId: string, heirId: string): Promise<boolean> {
  await q.query(
    `UPDATE collections c SET owner_id = $2, name = left(c.name || ' (' || u.email || ')', 200)
     FROM users u WHERE u.id = $1 AND c.owner_id = $1`,
    [userId, heirId],
  );
  // Invitations are keyed by email, so a later account with the same email must not inherit them.
  await q.query('DELETE FROM collection_invitations inv USING users u WHERE u.id = $1 AND inv.email = lower(u.email)', [userId]);
  const { rowCount } = await q.query('DELETE FROM users WHERE id = $1', [userId]);
  return rowCount > 0;
}
