import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A first `npm ci` should be quiet and offline-safe apart from the registry itself. */
describe('install configuration', () => {
  it('skips the onnxruntime-node CUDA download without a config key npm warns about', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
    const npm = spawnSync('npm', ['config', 'get', 'registry'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(npm.status).toBe(0);
    expect(npm.stderr).not.toMatch(/Unknown (project|user|env) config/);
    // The image builds with npm 10, which ignores allowScripts: the package's own switch is set there.
    expect(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENV ONNXRUNTIME_NODE_INSTALL=skip$/m);
  });
});
