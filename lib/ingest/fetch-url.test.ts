import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { fetchUrl, isBlockedAddress, type FetchUrlOptions } from './fetch-url';

let server: http.Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Intranet</title><p>Leave policy</p>');
    else if (req.url === '/to-private') res.writeHead(302, { location: 'http://10.0.0.7/secret' }).end();
    else if (req.url === '/to-metadata') res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (req.url?.startsWith('/loop')) res.writeHead(302, { location: `/loop${Number(req.url.slice(5) || 0) + 1}` }).end();
    else if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(5000));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const base: FetchUrlOptions = { maxBytes: 1024 * 1024, allowedHosts: ['127.0.0.1'], timeoutMs: 5000 };
const refusal = async (url: string, opts: Partial<FetchUrlOptions> = {}) => {
  const error = await fetchUrl(url, { ...base, ...opts }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('fetchUrl', () => {
  it('fetches from a local server that ALLOWED_FETCH_HOSTS lets through', async () => {
    const page = await fetchUrl(`http://127.0.0.1:${port}/page`, base);
    expect(page).toMatchObject({ url: `http://127.0.0.1:${port}/page`, contentType: 'text/html', fileName: 'page' });
    expect(page.content.toString()).toContain('Leave policy');
  });

  it('refuses loopback and the metadata address when they are not allowed, before connecting', async () => {
    const before = hits.length;
    expect((await refusal(`http://127.0.0.1:${port}/page`, { allowedHosts: [] })).code).toBe('url_forbidden');
    expect((await refusal('http://169.254.169.254/latest/meta-data/')).code).toBe('url_forbidden');
    expect((await refusal('http://[::ffff:127.0.0.1]/')).code).toBe('url_forbidden');
    expect((await refusal('http://[::1]:1/')).status).toBe(403);
    expect(hits.length).toBe(before);
  });

  it('re-checks every redirect: one to a private address or to the metadata service is refused', async () => {
    const toPrivate = await refusal(`http://127.0.0.1:${port}/to-private`);
    expect(toPrivate.code).toBe('url_forbidden');
    expect(toPrivate.message).toMatch(/ALLOWED_FETCH_HOSTS/);
    expect((await refusal(`http://127.0.0.1:${port}/to-metadata`)).code).toBe('url_forbidden');
    expect((await refusal(`http://127.0.0.1:${port}/loop0`)).message).toMatch(/redirected more than 5 times/);
  });

  it('refuses a DNS name that resolves to a private address, and allows it when listed', async () => {
    const lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const error = await refusal(`http://intranet.example:${port}/page`, { lookup, allowedHosts: [] });
    expect(error.code).toBe('url_forbidden');
    expect(error.message).toMatch(/^intranet\.example is a private/);
    const mixed = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.1.2.3', family: 4 }];
    expect((await refusal(`http://mixed.example:${port}/page`, { lookup: mixed, allowedHosts: [] })).code).toBe('url_forbidden');
    const page = await fetchUrl(`http://intranet.example:${port}/page`, { ...base, lookup, allowedHosts: ['intranet.example'] });
    expect(page.content.toString()).toContain('Leave policy');
  });

  it('caps the size, and refuses other schemes and credentials in the URL', async () => {
    const big = await refusal(`http://127.0.0.1:${port}/big`, { maxBytes: 1000 });
    expect(big).toMatchObject({ code: 'file_too_large', status: 413 });
    expect((await refusal('file:///etc/passwd')).code).toBe('invalid_url');
    expect((await refusal('ftp://example.com/x')).code).toBe('invalid_url');
    expect((await refusal(`http://user:pw@127.0.0.1:${port}/page`)).code).toBe('invalid_url');
    expect((await refusal('not a url')).status).toBe(400);
    expect((await refusal(`http://127.0.0.1:${port}/missing`)).message).toMatch(/answered 404/);
  });

  it('classifies addresses', () => {
    for (const a of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '127.0.0.53', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1', '100.64.0.1']) {
      expect(isBlockedAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isBlockedAddress(a), a).toBe(false);
  });
});
