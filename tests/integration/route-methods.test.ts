import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every API path and method answers in the contract's JSON shape: a method a route does not
 * serve is a 405 with `Allow` (not Next's empty one), and a path no route serves is a 404 (not
 * Next's HTML page). Route modules are found on disk, so a new route cannot forget this.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

const apiRoutes = [...routeFiles(path.join(ROOT, 'app/api')), ...routeFiles(path.join(ROOT, 'app/v1'))];

describe('API methods and paths', () => {
  it.each(apiRoutes.map((file) => path.relative(ROOT, file)))('%s exports a JSON handler for every method', async (file) => {
    const routeModule = await import(path.join(ROOT, file));
    const missing = METHODS.filter((m) => typeof routeModule[m] !== 'function');
    expect(missing, `add: export const { ${missing.join(', ')} } = otherMethods(…served methods…) from '@/lib/http'`).toEqual([]);
  });

  it('answers a method a route does not serve with 405 method_not_allowed and Allow', async () => {
    const health = await import('@/app/api/health/route');
    const res = await health.DELETE(new Request('http://docent.test/api/health', { method: 'DELETE' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await res.json()).toEqual({ error: { code: 'method_not_allowed', message: 'DELETE is not supported here; use GET, HEAD, OPTIONS.' } });

    const completions = await import('@/app/v1/chat/completions/route');
    const get = await completions.GET(new Request('http://docent.test/v1/chat/completions'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('answers an unknown /api or /v1 path with 404 not_found in JSON', async () => {
    for (const [modulePath, url] of [
      ['@/app/api/[...path]/route', 'http://docent.test/api/no-such-thing'],
      ['@/app/v1/[...path]/route', 'http://docent.test/v1/embeddings'],
    ]) {
      const catchAll = await import(modulePath);
      for (const method of METHODS) {
        const res: Response = await catchAll[method](new Request(url, { method }));
        expect(res.status).toBe(404);
        expect((await res.json()).error).toEqual({ code: 'not_found', message: expect.stringContaining(new URL(url).pathname) });
      }
    }
  });
});
