import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJson, route } from './http';

const echo = route(async (request: Request) => Response.json(await readJson(request, z.object({ a: z.number() }))));

function post(headers: Record<string, string>, body = '{"a":1}') {
  return echo(new Request('http://docent.local:3000/api/x', { method: 'POST', headers: { host: 'docent.local:3000', ...headers }, body }));
}

describe('route', () => {
  it('lets same-origin and Origin-less writes through', async () => {
    expect((await post({ origin: 'http://docent.local:3000' })).status).toBe(200);
    expect((await post({})).status).toBe(200);
  });

  it('refuses cross-site and null-origin writes with a 403 in the contract shape', async () => {
    const cases: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'not a url' }];
    for (const headers of cases) {
      const response = await post(headers);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('cross_origin');
    }
  });

  it('accepts the forwarded host behind a proxy', async () => {
    expect((await post({ origin: 'https://docs.example.org', 'x-forwarded-host': 'docs.example.org' })).status).toBe(200);
  });

  it('answers malformed and oversized bodies with 400/413, never a crash', async () => {
    expect((await post({}, '{oops')).status).toBe(400);
    expect((await post({}, '{"a":"x"}')).status).toBe(400);
    expect((await post({}, JSON.stringify({ a: 1, pad: 'x'.repeat(1_100_000) }))).status).toBe(413);
  });

  it('hides internal errors behind a generic 500', async () => {
    const failing = route(async () => {
      throw new Error('relation "secret_table" does not exist');
    });
    const response = await failing();
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error.code).toBe('internal_error');
    expect(JSON.stringify(body)).not.toContain('secret_table');
  });
});
