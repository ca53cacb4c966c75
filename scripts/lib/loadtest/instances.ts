import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startServer, type RunningServer } from '../bench/server-process';
import { createScratchDatabase } from '../scratch-database';

export interface Instances {
  servers: RunningServer[];
  /** Stops every server, then drops the scratch database and the data directories. */
  stop(): Promise<void>;
}

/**
 * The Docent servers under load: one on PGlite (no database URL), or `count` on one fresh
 * scratch database on the given PostgreSQL — each with its own DATA_DIR, as on separate
 * machines, sharing DOCENT_SECRET. The first starts (and migrates) before the others.
 */
export async function startInstances(
  count: number,
  databaseUrl: string | null,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<Instances> {
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  // A fresh database on the operator's server, so a run never touches their data.
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, 'loadtest') : null;
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await scratch?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-loadtest-'));
      dirs.push(dataDir);
      servers.push(
        await startServer({
          ...env,
          DATA_DIR: dataDir,
          MODELS_DIR: process.env.MODELS_DIR ?? path.join(REPO_ROOT, 'data/models'),
          ALLOW_MODEL_DOWNLOADS: 'false',
          DATABASE_URL: scratch?.url ?? '',
          DOCENT_SECRET: 'loadtest-shared-secret-00000001',
        }),
      );
      log(`instance ${i + 1} at ${servers[i].url}${scratch ? ' (PostgreSQL)' : ' (PGlite)'}`);
    }
  } catch (err) {
    if (servers.length) log(`server output (tail):\n${servers[servers.length - 1].output().slice(-2000)}`);
    await stop();
    throw err;
  }
  return { servers, stop };
}
