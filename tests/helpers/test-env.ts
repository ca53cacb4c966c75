import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Where `npm run models:fetch -- --test` put the small test models. */
export const TEST_MODELS_DIR = path.resolve(process.env.MODELS_DIR ?? path.join(__dirname, '../../data/models'));

/** The shared datasets folder beside the repository. */
export const DATASETS_DIR = path.resolve(__dirname, '../../../shared/datasets');

export function makeTempDir(prefix = 'docent-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A fresh PostgreSQL database on the TEST_DATABASE_URL server, dropped by the returned
 * cleanup, so tests never touch data they did not create.
 */
export async function createScratchPostgres(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `docent_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Points Docent's configuration at a test database and the test models. */
export function configureTestEnv(opts: { databaseUrl?: string; dataDir: string }): void {
  process.env.DATA_DIR = opts.dataDir;
  process.env.MODELS_DIR = TEST_MODELS_DIR;
  process.env.ALLOW_MODEL_DOWNLOADS = 'false';
  process.env.EMBEDDING_MODEL = 'Xenova/all-MiniLM-L6-v2';
  if (opts.databaseUrl) process.env.DATABASE_URL = opts.databaseUrl;
  else delete process.env.DATABASE_URL;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A fresh database of the given kind for one suite, with Docent's configuration pointed at it
 * and a new data directory: PGlite inside that directory, or a scratch database on the
 * TEST_DATABASE_URL server. Returns the cleanup that drops the scratch database.
 */
export async function useFreshDatabase(kind: 'pglite' | 'postgres', baseUrl?: string): Promise<() => Promise<void>> {
  let databaseUrl: string | undefined;
  let drop = async () => undefined as void;
  if (kind === 'postgres') {
    const scratch = await createScratchPostgres(baseUrl!);
    databaseUrl = scratch.url;
    drop = scratch.drop;
  }
  configureTestEnv({ databaseUrl, dataDir: makeTempDir() });
  return drop;
}
