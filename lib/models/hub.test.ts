import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from './manifest';
import { provisionModels } from './provision';
import { MINILM_MODEL } from './registry';
import { provisionTestModels } from './test-models';

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1 that answers like the real one: a HEAD on
 * /{repo}/resolve/{rev}/{file} reports the commit and, for LFS files, a redirect to the CDN with
 * the sha256 in X-Linked-Etag; small files answer 200 with their git blob sha1 as the ETag.
 */
const COMMIT = 'c0ffee0000000000000000000000000000000001';
type Served = { body: Buffer; lfs: boolean; reportedHash?: string };
const files = new Map<string, Served>();
const log: { method: string; url: string }[] = [];
let server: http.Server;
let endpoint: string;
const scratch: string[] = [];

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

beforeAll(async () => {
  const modelsDir = await provisionTestModels();
  const root = path.join(modelsDir, MINILM_MODEL);
  for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
    files.set(name, { body: await fs.readFile(path.join(root, name)), lfs: false });
  }
  files.set('onnx/model_quantized.onnx', { body: await fs.readFile(path.join(root, 'onnx/model_quantized.onnx')), lfs: true });

  server = http.createServer((req, res) => {
    log.push({ method: req.method!, url: req.url! });
    const cdn = req.url!.match(/^\/cdn\/(.+)$/);
    const resolve = req.url!.match(/^\/Xenova\/all-MiniLM-L6-v2\/resolve\/([^/]+)\/(.+)$/);
    const file = files.get(cdn?.[1] ?? resolve?.[2] ?? '');
    if (!file) return void res.writeHead(404).end();
    if (cdn) return void res.writeHead(200, { 'content-length': file.body.length }).end(file.body);
    const headers: Record<string, string | number> = { 'x-repo-commit': COMMIT };
    if (file.lfs) {
      headers['x-linked-etag'] = `"${file.reportedHash ?? sha256(file.body)}"`;
      headers['x-linked-size'] = file.body.length;
      headers.location = `/cdn/${resolve![2]}`;
      return void res.writeHead(302, headers).end();
    }
    headers.etag = `W/"${file.reportedHash ?? gitSha1(file.body)}"`;
    headers['content-length'] = file.body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of scratch) await fs.rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  log.length = 0;
  for (const f of files.values()) delete f.reportedHash;
});

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docent-hub-'));
  scratch.push(dir);
  return dir;
}

const fromHub = (modelsDir: string) =>
  provisionModels({ set: 'test', roles: ['embedder'], modelsDir, hubEndpoint: endpoint, allowDownloads: true, sources: ['hub'] });

describe('provisioning from the Hugging Face Hub', () => {
  it('downloads each file at the resolved commit and verifies it by the hash the Hub reports', async () => {
    const dir = await tempDir();
    const [embedder] = await fromHub(dir);
    expect(embedder.state).toBe('ready');
    expect(embedder.files.map((f) => f.source)).toEqual(['hub', 'hub', 'hub', 'hub', 'hub']);
    const gets = log.filter((r) => r.method === 'GET' && r.url.includes('/resolve/'));
    expect(gets).toHaveLength(5);
    expect(gets.every((r) => r.url.includes(`/resolve/${COMMIT}/`))).toBe(true);
    const onnx = await fs.readFile(path.join(dir, MINILM_MODEL, 'onnx/model_quantized.onnx'));
    expect(onnx.equals(files.get('onnx/model_quantized.onnx')!.body)).toBe(true);
    expect((await readManifest(dir)).files[`${MINILM_MODEL}/config.json`].source).toBe('hub');
  });

  it('keeps a Hub-verified version that differs from the pinned wheel file on later runs', async () => {
    const dir = await tempDir();
    const config = files.get('config.json')!;
    const original = config.body;
    config.body = Buffer.from(`${original.toString().trim()}\n\n`);
    try {
      expect((await fromHub(dir))[0].state).toBe('ready');
      log.length = 0;
      const [again] = await provisionModels({ set: 'test', roles: ['embedder'], modelsDir: dir, sources: [] });
      expect(again.files.map((f) => f.source)).toEqual(['present', 'present', 'present', 'present', 'present']);
      expect(log).toEqual([]);
    } finally {
      config.body = original;
    }
  });

  it('verifies a file placed by hand against the Hub without downloading it again', async () => {
    const dir = await tempDir();
    const config = files.get('config.json')!;
    const handPlaced = Buffer.from(`${config.body.toString().trim()} `);
    const original = config.body;
    config.body = handPlaced;
    try {
      await fs.mkdir(path.join(dir, MINILM_MODEL), { recursive: true });
      await fs.writeFile(path.join(dir, MINILM_MODEL, 'config.json'), handPlaced);
      const [embedder] = await fromHub(dir);
      expect(embedder.files[0]).toMatchObject({ source: 'hub', state: 'ready' });
      expect(log.filter((r) => r.method === 'GET' && r.url.endsWith('/config.json'))).toEqual([]);
    } finally {
      config.body = original;
    }
  });

  it('rejects a download whose bytes do not match the reported hash, leaving no file behind', async () => {
    const dir = await tempDir();
    files.get('onnx/model_quantized.onnx')!.reportedHash = 'f'.repeat(64);
    const [embedder] = await fromHub(dir);
    const onnx = embedder.files.find((f) => f.path.endsWith('.onnx'))!;
    expect(onnx.state).toBe('missing');
    expect(onnx.message).toContain('does not match the hash the Hub reports');
    await expect(fs.access(path.join(dir, MINILM_MODEL, 'onnx/model_quantized.onnx'))).rejects.toThrow();
    expect(await fs.readdir(path.join(dir, MINILM_MODEL, 'onnx'))).toEqual([]);
  });

  it('does not contact the Hub when downloads are off', async () => {
    const dir = await tempDir();
    const [embedder] = await provisionModels({
      set: 'test',
      roles: ['embedder'],
      modelsDir: dir,
      hubEndpoint: endpoint,
      allowDownloads: false,
      sources: ['hub'],
    });
    expect(embedder.state).toBe('missing');
    expect(embedder.files[0].message).toContain('ALLOW_MODEL_DOWNLOADS=false');
    expect(log).toEqual([]);
  });
});
