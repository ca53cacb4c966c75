import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db';
import { createScratchPostgres, makeTempDir, TEST_MODELS_DIR } from '../helpers/test-env';

const CHILD = path.join(__dirname, '../helpers/ingest-child.ts');

/** Runs the child until it prints a line matching `until` (then kill -9) or exits. */
function runChild(env: Record<string, string>, files: string[], until?: RegExp): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...files], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    const onData = (data: Buffer) => {
      output += data.toString();
      if (until && !killed && until.test(output)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, output }));
  });
}

function writeCorpus(dir: string): string[] {
  // Long enough (~75 chunks each) that embedding takes several batches to kill between.
  return Array.from({ length: 2 }, (_, i) => {
    const file = path.join(dir, `report-${i}.txt`);
    const text = Array.from({ length: 900 }, (_, j) => `Report ${i} paragraph ${j} describes crash-safe ingestion number ${i * 1000 + j}.`).join('\n\n');
    fs.writeFileSync(file, text);
    return file;
  });
}

const scratches: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of scratches) await drop();
});

const cases: [string, () => Promise<{ env: Record<string, string>; url?: string; dataDir: string }>][] = [
  ['pglite', async () => {
    const dataDir = makeTempDir();
    return { dataDir, env: { DATA_DIR: dataDir, DATABASE_URL: '' } };
  }],
];
if (process.env.TEST_DATABASE_URL) {
  cases.push(['postgres', async () => {
    const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL!);
    scratches.push(scratch.drop);
    const dataDir = makeTempDir();
    return { dataDir, url: scratch.url, env: { DATA_DIR: dataDir, DATABASE_URL: scratch.url } };
  }]);
}

/** A kill at `when`, then a restart: every document ends ready with all its chunks, none half-indexed. */
async function killThenRestart(setup: () => Promise<{ env: Record<string, string>; url?: string; dataDir: string }>, when: RegExp, extraEnv: Record<string, string> = {}) {
  const { env, url, dataDir } = await setup();
  const childEnv = { ...env, MODELS_DIR: TEST_MODELS_DIR, ALLOW_MODEL_DOWNLOADS: 'false', EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2' };
  const files = writeCorpus(makeTempDir('docent-corpus-'));

  const first = await runChild({ ...childEnv, ...extraEnv }, files, when);
  expect(first.killed, first.output.slice(-2000)).toBe(true);

  // A restart (lease of 2 s on PostgreSQL; PGlite re-queues at once) finishes the work.
  if (url) await new Promise((r) => setTimeout(r, 2500));
  const second = await runChild(childEnv, []);
  expect(second.output).toContain('idle');

  const db = await openDatabase({ url, dataDir: url ? undefined : dataDir });
  try {
    const { rows } = await db.query<{ status: string; chunk_count: number; stored: number }>(
      `SELECT d.status, d.chunk_count, (SELECT count(*)::int FROM chunks c WHERE c.document_id = d.id) AS stored
       FROM documents d`,
    );
    expect(rows).toHaveLength(files.length);
    for (const row of rows) {
      expect(row.status).toBe('ready');
      expect(row.stored).toBe(row.chunk_count);
      expect(row.stored).toBeGreaterThan(0);
    }
  } finally {
    await db.close();
  }
}

describe.each(cases)('kill -9 during ingestion on %s', (_kind, setup) => {
  it('leaves every document ready or failed after a restart, none half-indexed', async () => {
    // Killed mid-embedding of some document.
    await killThenRestart(setup, /processing \S+ 0\.[3-9]/);
  }, 600_000);

  it('survives a kill inside the final write (chunks inserted, document marked ready, not yet committed)', async () => {
    await killThenRestart(setup, /final write open/, { HOLD_FINAL_WRITE_MS: '5000' });
  }, 600_000);
});
