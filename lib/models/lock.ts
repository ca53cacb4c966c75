import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * One provisioner per MODELS_DIR at a time: `npm start`, `models:fetch` and parallel test
 * workers may all try at once. A directory is the lock (mkdir is atomic); it names its owner's
 * pid so a lock left by a killed process is taken over.
 */
const LOCK_DIR = '.provision.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireLock(
  modelsDir: string,
  { signal, waitMs = 30 * 60_000, onWait }: { signal?: AbortSignal; waitMs?: number; onWait?: (pid: number) => void } = {},
): Promise<() => Promise<void>> {
  const dir = path.join(modelsDir, LOCK_DIR);
  const owner = path.join(dir, 'pid');
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    signal?.throwIfAborted();
    try {
      await fs.mkdir(dir);
      await fs.writeFile(owner, String(process.pid));
      return async () => {
        await fs.rm(dir, { recursive: true, force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number(await fs.readFile(owner, 'utf8').catch(() => ''));
    if (pid && pid !== process.pid && !alive(pid)) {
      await fs.rm(dir, { recursive: true, force: true });
      continue;
    }
    if (!pid) {
      // The owner may be between mkdir and writing its pid; an old pid-less lock is stale.
      const stat = await fs.stat(dir).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > 10_000) await fs.rm(dir, { recursive: true, force: true });
    } else if (!told) {
      onWait?.(pid);
      told = true;
    }
    if (Date.now() > deadline) throw new Error(`${dir} is held by process ${pid}; remove it if that process is gone`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
