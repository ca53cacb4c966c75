import path from 'node:path';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { migrate } from './migrate';
import type { Database } from './types';

export type { Database, Queryable, QueryResult, DatabaseKind, Transaction } from './types';
export { migrate } from './migrate';

export interface OpenOptions {
  /** PostgreSQL URL; unset opens embedded PGlite. */
  url?: string;
  /** PGlite files go to `<dataDir>/pglite`; unset keeps PGlite in memory. */
  dataDir?: string;
  migrationsDir?: string;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const db = opts.url
    ? await openPostgres(opts.url)
    : await openPglite(opts.dataDir ? path.join(opts.dataDir, 'pglite') : undefined);
  try {
    await migrate(db, opts.migrationsDir);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
