import type { Database } from '@/db';
import { type ApiKeyRow, deleteApiKeyOfUser, insertApiKey, listApiKeysOfUser } from '@/db/queries/credentials';
import { notFound } from '../errors';
import { API_KEY_PREFIX } from './authenticate';
import { hashToken, newToken } from './tokens';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const toView = (k: ApiKeyRow): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: k.lastUsedAt ? new Date(k.lastUsedAt).toISOString() : null,
});

/** GET /api/keys. */
export interface ApiKeyList {
  keys: ApiKeyView[];
}

/** POST /api/keys: the only time the secret is shown. */
export type NewApiKey = ApiKeyView & { key: string };

/** A new key for the user; the secret is returned this once and only its hash is kept. */
export async function createApiKey(db: Database, userId: string, name: string): Promise<NewApiKey> {
  const key = newToken(API_KEY_PREFIX);
  const row = await insertApiKey(db, { userId, name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), tokenHash: hashToken(key) });
  return { ...toView(row), key };
}

export async function listApiKeys(db: Database, userId: string): Promise<ApiKeyView[]> {
  return (await listApiKeysOfUser(db, userId)).map(toView);
}

export async function deleteApiKey(db: Database, userId: string, keyId: string): Promise<void> {
  if (!(await deleteApiKeyOfUser(db, userId, keyId))) throw notFound('That API key');
}
