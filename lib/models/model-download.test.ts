import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelModelDownload, listModelDownloads, parseHfUri, startModelDownload } from './model-download';

/**
 * A stand-in for the Hub on 127.0.0.1, as in hub.test.ts (HEAD → 302 with the sha256 in
 * X-Linked-Etag), whose CDN honours Range and can hold a response half-way so a test can cancel.
 */
const BODY = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 7919) % 251));
const SHA = createHash('sha256').update(BODY).digest('hex');
let reportedSha = SHA;
let holdAfter: number | null = null;
const ranges: (string | undefined)[] = [];
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url!.includes('/resolve/')) {
      return void res.writeHead(302, { 'x-repo-commit': 'c0ffee0000000000000000000000000000000001', 'x-linked-etag': `"${reportedSha}"`, 'x-linked-size': BODY.length, location: '/cdn/model.gguf' }).end();
    }
    ranges.push(req.headers.range);
    const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
    res.writeHead(from ? 206 : 200, { 'content-length': BODY.length - from, ...(from ? { 'content-range': `bytes ${from}-${BODY.length - 1}/${BODY.length}` } : {}) });
    if (holdAfter !== null && from < holdAfter) {
      res.write(BODY.subarray(from, holdAfter)); // …then nothing more, until the client gives up
      return;
    }
    res.end(BODY.subarray(from));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
};
const stateOf = (uri: string) => listModelDownloads().find((d) => d.uri === uri)!;

describe('adding a model by hf: URI', () => {
  it('reads owner/repo/file from the URI and refuses anything else', () => {
    expect(parseHfUri('hf:bartowski/SmolLM2-GGUF/SmolLM2-Q4_K_M.gguf')).toEqual({ repo: 'bartowski/SmolLM2-GGUF', file: 'SmolLM2-Q4_K_M.gguf' });
    for (const bad of ['hf:owner/repo', 'https://example.com/x.gguf', 'hf:../../x.gguf', 'hf:o/r/../x.gguf']) {
      expect(() => parseHfUri(bad)).toThrow(/hf:owner\/repo\/file\.gguf/);
    }
  });

  it('reports progress, cancels keeping the bytes, resumes with a Range request, and verifies the sha256', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-dl-'));
    const uri = 'hf:test/model/resumable.gguf';
    holdAfter = 100 * 1024;
    ranges.length = 0;
    startModelDownload(uri, { modelsDir: dir, endpoint, allowDownloads: true });
    await until(() => stateOf(uri).loaded === holdAfter);
    expect(stateOf(uri)).toMatchObject({ status: 'downloading', total: BODY.length });
    const cancelled = await cancelModelDownload(uri);
    expect(cancelled.status).toBe('cancelled');
    expect(fs.existsSync(path.join(dir, 'resumable.gguf'))).toBe(false);
    expect(fs.statSync(path.join(dir, 'resumable.gguf.partial')).size).toBe(holdAfter);

    holdAfter = null;
    startModelDownload(uri, { modelsDir: dir, endpoint, allowDownloads: true });
    await until(() => stateOf(uri).status !== 'downloading');
    expect(stateOf(uri)).toMatchObject({ status: 'done', resumedFrom: 100 * 1024, loaded: BODY.length, error: null });
    expect(ranges).toEqual([undefined, `bytes=${100 * 1024}-`]);
    expect(fs.readFileSync(path.join(dir, 'resumable.gguf')).equals(BODY)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['resumable.gguf']);
  });

  it('throws away a download whose bytes do not match the hash the Hub reports', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-dl-'));
    const uri = 'hf:test/model/tampered.gguf';
    reportedSha = 'f'.repeat(64);
    try {
      startModelDownload(uri, { modelsDir: dir, endpoint, allowDownloads: true });
      await until(() => stateOf(uri).status !== 'downloading');
      expect(stateOf(uri).status).toBe('failed');
      expect(stateOf(uri).error).toContain('is not the ffff');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      reportedSha = SHA;
    }
  });

  it('does nothing when downloads are off', () => {
    expect(() => startModelDownload('hf:test/model/x.gguf', { modelsDir: os.tmpdir(), endpoint, allowDownloads: false })).toThrow(/ALLOW_MODEL_DOWNLOADS is false/);
  });
});
