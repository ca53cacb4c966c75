import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where `eval --json` and `bench --json` keep their results, for docs/benchmarks.md to quote. */
export const RESULTS_DIR = 'docs/results';

export interface RunStamp {
  /** `git rev-parse --short HEAD`, with `-dirty` when the work tree had uncommitted changes. */
  commit: string;
  /** The command as typed, e.g. `npm run eval -- --dataset … --json`. */
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; loadAverageStart: number[]; loadAverageEnd: number[] };
}

const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** The commit a result describes; `unknown` outside a git checkout (a result is still written). */
export function commitStamp(cwd: string): string {
  try {
    const commit = git(cwd, ['rev-parse', '--short', 'HEAD']);
    // Untracked files count too: a new script that is not committed yet changes what ran. Earlier
    // result files do not: they change nothing that runs.
    const dirty = git(cwd, ['status', '--porcelain', '--', '.', `:(exclude)${RESULTS_DIR}`]).length > 0;
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** Call when the run starts (the load average then, and the commit before any file is written); `finish` when it ends. */
export function startRunStamp(cwd: string, command: string): { finish(): RunStamp } {
  const startedAt = new Date();
  const commit = commitStamp(cwd);
  const loadAverageStart = loadAverage();
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    finish: () => ({
      commit,
      command,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { cpu, cores: os.cpus().length, memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, loadAverageStart, loadAverageEnd: loadAverage() },
    }),
  };
}

/** `npm run eval -- a b` as the user typed it, from this process's arguments. */
export function commandLine(script: string, argv = process.argv.slice(2)): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return argv.length ? `npm run ${script} -- ${argv.map(quote).join(' ')}` : `npm run ${script}`;
}

/**
 * Writes `{ ...stamp, result }` to docs/results/<date>T<time>Z-<kind>-<commit>.json under `root`
 * and returns the path relative to it. The time keeps two runs of one commit on one day apart.
 */
export function writeResultFile(root: string, kind: string, stamp: RunStamp, result: unknown): string {
  const when = stamp.startedAt.replace(/:\d\d\.\d+Z$/, 'Z').replace(/:/g, '');
  const relative = path.join(RESULTS_DIR, `${when}-${kind}-${stamp.commit}.json`);
  fs.mkdirSync(path.join(root, RESULTS_DIR), { recursive: true });
  fs.writeFileSync(path.join(root, relative), `${JSON.stringify({ ...stamp, result }, null, 2)}\n`);
  return relative;
}
