import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * A small record in MODELS_DIR of the files provisioning verified: size, mtime and sha256.
 * It lets a start with everything present skip rehashing ~200 MB; a file whose size or mtime
 * changed is hashed again. It is a cache of our own checks, never a source of expected hashes
 * for files with a pinned hash.
 */
export const MANIFEST_FILE = '.docent-models.json';

export type FileSource = 'hub' | 'pip' | 'maven' | 'written' | 'present';

export interface ManifestEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
  /** How the file was verified: against a pinned hash (`pip`), or the Hub's reported hash (`hub`). */
  source: FileSource;
  verifiedAt: string;
}

export interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
  /** What each `models:fetch` set last provisioned, so tests can find the test LLM's file name. */
  sets: Record<string, { embedder: string | null; llm: string | null; at: string }>;
}

export function emptyManifest(): Manifest {
  return { version: 1, files: {}, sets: {} };
}

export async function readManifest(modelsDir: string): Promise<Manifest> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(modelsDir, MANIFEST_FILE), 'utf8')) as Manifest;
    if (parsed.version !== 1 || typeof parsed.files !== 'object') return emptyManifest();
    return { ...emptyManifest(), ...parsed };
  } catch {
    // Missing or unreadable: start afresh; every file is simply hashed again.
    return emptyManifest();
  }
}

export async function writeManifest(modelsDir: string, manifest: Manifest): Promise<void> {
  const target = path.join(modelsDir, MANIFEST_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await fs.rename(tmp, target);
}

export async function sha256File(file: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return hash.digest('hex');
}

/** The git blob id the Hub reports as the ETag of small (non-LFS) files. */
export async function gitBlobSha1File(file: string): Promise<string> {
  const { size } = await fs.stat(file);
  const hash = createHash('sha1');
  hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The file's sha256, taken from the manifest when its size and mtime are unchanged.
 * Returns null when the file does not exist.
 */
export async function currentSha256(
  modelsDir: string,
  relPath: string,
  manifest: Manifest,
  onBytes?: (n: number) => void,
): Promise<{ sha256: string; size: number; mtimeMs: number; cached: boolean } | null> {
  const file = path.join(modelsDir, relPath);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const entry = manifest.files[relPath];
  if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs) {
    return { sha256: entry.sha256, size: stat.size, mtimeMs: stat.mtimeMs, cached: true };
  }
  const sha256 = await sha256File(file, onBytes);
  return { sha256, size: stat.size, mtimeMs: stat.mtimeMs, cached: false };
}

export async function recordFile(
  modelsDir: string,
  relPath: string,
  manifest: Manifest,
  sha256: string,
  source: FileSource,
): Promise<void> {
  const stat = await fs.stat(path.join(modelsDir, relPath));
  manifest.files[relPath] = {
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    sha256,
    source,
    verifiedAt: new Date().toISOString(),
  };
}
