import type { Queryable } from '../types';
import type { UserRow } from './users';
import { isUuid } from './ids';

/** Sessions and API keys: both are stored as the SHA-256 of a random token. */

export async function insertSession(q: Queryable, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
  await q.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, userId, expiresAt]);
}

export async function getUserBySession(q: Queryable, tokenHash: string): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `SELECT u.id, u.email, u.role, u.created_at AS "createdAt"
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(q: Queryable): Promise<void> {
  await q.query('DELETE FROM sessions WHERE expires_at <= now()');
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const KEY_COLUMNS = 'id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt"';

export async function insertApiKey(
  q: Queryable,
  key: { userId: string; name: string; prefix: string; tokenHash: string },
): Promise<ApiKeyRow> {
  const { rows } = await q.query<ApiKeyRow>(
    `INSERT INTO api_keys (user_id, name, prefix, token_hash) VALUES ($1, $2, $3, $4) RETURNING ${KEY_COLUMNS}`,
    [key.userId, key.name, key.prefix, key.tokenHash],
  );
  return rows[0];
}

export async function listApiKeysOfUser(q: Queryable, userId: string): Promise<ApiKeyRow[]> {
  const { rows } = await q.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows;
}

/** Deletes one of the user's own keys; false when no such key is theirs. */
export async function deleteApiKeyOfUser(q: Queryable, userId: string, keyId: string): Promise<boolean> {
  if (!isUuid(keyId)) return false;
  const { rowCount } = await q.query('DELETE FROM api_keys WHERE id = $1 AND user_id = $2', [keyId, userId]);
  return rowCount > 0;
}

/** The key's owner, recording the use (at most once a minute, to spare writes). */
export async function getUserByApiKey(q: Queryable, tokenHash: string): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow & { keyId: string; stale: boolean }>(
    `SELECT u.id, u.email, u.role, u.created_at AS "createdAt", k.id AS "keyId",
            (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
     FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await q.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.keyId]);
  return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt };
}
