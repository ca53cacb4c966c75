import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request as undiciRequest } from 'undici';
import * as setupRoute from '@/app/api/auth/setup/route';
import * as signInRoute from '@/app/api/auth/sign-in/route';
import * as documentsRoute from '@/app/api/documents/route';
import * as healthRoute from '@/app/api/health/route';
import * as searchRoute from '@/app/api/search/route';
import { forgetAccountsExist } from '@/lib/auth/authenticate';
import { resetEnvCache } from '@/lib/env';
import { shutdownRuntime } from '@/lib/runtime';
import { startRouteServer } from '../helpers/route-server';
import { useFreshDatabase } from '../helpers/test-env';

/**
 * Oversized bodies over real HTTP: the cap acts while the body streams in (an endless chunked
 * body is cut off after about the limit), and an early refusal closes the connection, so the next
 * request on a keep-alive client is answered rather than reset (issue 10, issue 11 item 4).
 */
describe('request bodies over a real keep-alive connection', () => {
  let server: { url: string; close: () => Promise<void> };
  let drop: () => Promise<void>;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });

  beforeAll(async () => {
    drop = await useFreshDatabase('pglite');
    delete process.env.DOCENT_API_KEY;
    process.env.MAX_UPLOAD_MB = '1';
    resetEnvCache();
    forgetAccountsExist();
    server = await startRouteServer([
      { method: 'POST', path: '/api/auth/setup', handler: setupRoute.POST },
      { method: 'POST', path: '/api/auth/sign-in', handler: signInRoute.POST },
      { method: 'POST', path: '/api/search', handler: searchRoute.POST },
      { method: 'POST', path: '/api/documents', handler: documentsRoute.POST },
      { method: 'GET', path: '/api/health', handler: () => healthRoute.GET() },
    ]);
    const setup = await fetch(`${server.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@docent.test', password: 'correct horse battery' }),
    });
    expect(setup.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    delete process.env.MAX_UPLOAD_MB;
    resetEnvCache();
    await agent.close();
    await server?.close();
    forgetAccountsExist();
    await shutdownRuntime();
    await drop?.();
  });

  const post = (path: string, body: string | AsyncIterable<Uint8Array>, headers: Record<string, string> = {}) =>
    undiciRequest(`${server.url}${path}`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : Readable.from(body) });

  it('cuts an endless chunked body off at about the limit, before reading it all', async () => {
    const TOTAL = 64 * 1024 * 1024;
    let sent = 0;
    async function* endless() {
      const piece = new Uint8Array(64 * 1024).fill(0x20);
      while (sent < TOTAL) {
        sent += piece.byteLength;
        yield piece;
      }
    }
    const response = await post('/api/auth/sign-in', endless()).catch((err: Error) => err);
    // The server answers 413 and hangs up while the client is still sending: either the client
    // reads that answer, or its upload is cut. Both prove the server stopped reading.
    if (!(response instanceof Error)) {
      expect(response.statusCode).toBe(413);
      expect((await response.body.json()) as object).toMatchObject({ error: { code: 'body_too_large' } });
    }
    expect(sent).toBeLessThan(TOTAL / 4);
  });

  it('caps a multipart body as a whole, even in parts the upload skips', async () => {
    const setup = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@docent.test', password: 'correct horse battery' }),
    });
    const cookie = setup.headers.get('set-cookie')!.split(';')[0];
    const TOTAL = 96 * 1024 * 1024;
    let sent = 0;
    async function* junkPart() {
      yield new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="junk"; filename="j.bin"\r\n\r\n');
      const piece = new Uint8Array(64 * 1024).fill(0x61);
      while (sent < TOTAL) {
        sent += piece.byteLength;
        yield piece;
      }
      yield new TextEncoder().encode('\r\n--b--\r\n');
    }
    const response = await post('/api/documents', junkPart(), { 'content-type': 'multipart/form-data; boundary=b', cookie }).catch((e: Error) => e);
    if (!(response instanceof Error)) {
      expect(response.statusCode).toBe(413);
      await response.body.dump();
    }
    // The cap for MAX_UPLOAD_MB=1 and 20 files is about 21 MB.
    expect(sent).toBeLessThan(TOTAL / 2);
  });

  it('answers the next request on the same keep-alive connection after a 413', async () => {
    const big = JSON.stringify({ email: 'ada@docent.test', password: 'x'.repeat(2 * 1024 * 1024) });
    for (let round = 0; round < 3; round++) {
      const refused = await post('/api/auth/sign-in', big);
      expect(refused.statusCode).toBe(413);
      expect(refused.headers.connection).toBe('close');
      await refused.body.dump();
      const health = await undiciRequest(`${server.url}/api/health`, { dispatcher: agent });
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    }
  });

  it('closes the connection when a request is refused before its body was read', async () => {
    const body = JSON.stringify({ query: 'x'.repeat(500_000) });
    const refused = await post('/api/search', body);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers.connection).toBe('close');
    await refused.body.dump();
    const next = await post('/api/auth/sign-in', JSON.stringify({ email: 'ada@docent.test', password: 'wrong' }));
    expect(next.statusCode).toBe(401);
    await next.body.dump();
  });
});
