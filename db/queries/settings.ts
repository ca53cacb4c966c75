import type { Queryable } from '../types';

export interface SettingRow {
  key: string;
  value: unknown;
}

export async function listSettingRows(q: Queryable): Promise<SettingRow[]> {
  const { rows } = await q.query<SettingRow>('SELECT key, value FROM settings');
  return rows;
}

export async function getSettingValueByKey(q: Queryable, key: string): Promise<unknown> {
  const { rows } = await q.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0]?.value;
}

/** Keys are chosen by the caller's schema, never taken raw from a request. */
export async function upsertSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

export async function deleteSettingByKey(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM settings WHERE key = $1', [key]);
}
