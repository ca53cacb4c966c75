import pg from 'pg';
import { openDatabase, type Database } from '@/db';

export type DatabaseChoice = 'pglite' | 'postgres';

export interface ScratchDatabase {
  db: Database;
  /** Where it lives, for reports: `pglite (in memory)` or the scratch database's name. */
  label: string;
  /** Closes it and, on PostgreSQL, drops the scratch database. */
  dispose(): Promise<void>;
}

/** TEST_DATABASE_URL first, so measurements never land in an operator's DATABASE_URL by default. */
export function postgresBaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/**
 * A fresh, migrated database for one measurement: in-memory PGlite, or a new database on the
 * PostgreSQL server of TEST_DATABASE_URL/DATABASE_URL that is dropped afterwards. The name is
 * built from our pid and a counter, never from input.
 */
let counter = 0;
export async function openScratchDatabase(choice: DatabaseChoice, purpose = 'eval'): Promise<ScratchDatabase> {
  if (choice === 'pglite') {
    const db = await openDatabase({});
    return { db, label: 'pglite (in memory)', dispose: () => db.close() };
  }
  const base = postgresBaseUrl();
  if (!base) throw new Error('--database postgres needs TEST_DATABASE_URL or DATABASE_URL (postgres://…)');
  const scratch = await createScratchDatabase(base, purpose);
  let db: Database;
  try {
    db = await openDatabase({ url: scratch.url });
  } catch (err) {
    await scratch.drop().catch(() => undefined);
    throw err;
  }
  const drop = scratch.drop;
  pendingDrops.add(drop);
  return {
    db,
    label: `postgres (scratch database ${scratch.name})`,
    dispose: async () => {
      await db.close().catch(() => undefined);
      await drop();
      pendingDrops.delete(drop);
    },
  };
}

/**
 * An empty database on the server at `base` (for a tool that starts its own servers on it, or
 * seeds it itself); `drop` removes it. The name is built from our pid and a counter.
 */
export async function createScratchDatabase(base: string, purpose: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `docent_${purpose.replace(/\W/g, '')}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await adminQuery(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// A run stopped with Ctrl-C still drops the scratch databases it created.
const pendingDrops = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...pendingDrops].map((drop) => drop())).then(() => process.exit(130));
  });
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
