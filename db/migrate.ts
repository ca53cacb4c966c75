import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './types';

/** Where the SQL files live; overridable for tools run from another directory. */
export function defaultMigrationsDir(): string {
  return process.env.DOCENT_MIGRATIONS_DIR ?? path.join(process.cwd(), 'db', 'migrations');
}

// Any constant works; it only has to be the same for every Docent process.
const MIGRATION_LOCK = 4_210_771;

/**
 * Applies every `NNN_name.sql` in order, each once, recorded in schema_migrations.
 * Safe to run at every start and from several processes at once (advisory lock on PostgreSQL;
 * PGlite has a single connection).
 */
export async function migrate(db: Database, dir = defaultMigrationsDir()): Promise<string[]> {
  // Read at run time; the ignore comments keep Next's file tracing from taking in the whole project.
  const files = fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`No migrations found in ${dir}; run Docent from its project folder.`);

  if (db.kind === 'postgres') await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, file), 'utf8');
      await db.transaction(async (tx) => {
        // Inside one transaction, so a failing migration rolls back whole.
        await tx.exec(sql);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      });
      applied.push(file);
    }
    return applied;
  } finally {
    if (db.kind === 'postgres') await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
