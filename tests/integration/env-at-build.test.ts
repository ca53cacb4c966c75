import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Loads next.config.js the way `next build` and `next start` do, with the given environment. */
function loadNextConfig(extra: Record<string, string>) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', "await import('./next.config.js'); console.log('config loaded');"], {
    cwd: ROOT,
    env: { ...process.env, ...extra },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('environment validation at build time', () => {
  it('stops next build and next start on a bad variable, naming it', () => {
    const bad = loadNextConfig({ MAX_UPLOAD_MB: 'lots' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('MAX_UPLOAD_MB');
    expect(bad.stderr).toContain('fix these environment variables');
  });

  it('loads with a valid configuration', () => {
    const good = loadNextConfig({ MAX_UPLOAD_MB: '20' });
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain('config loaded');
  });
});
