import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLine, commitStamp, RESULTS_DIR, startRunStamp, writeResultFile } from './result-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A real git repository with one commit, in a temporary folder. */
function repo(): { dir: string; head: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-result-file-'));
  dirs.push(dir);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'one');
  return { dir, head: git('rev-parse', '--short', 'HEAD') };
}

describe('result files', () => {
  it('stamps the short commit, with -dirty for changed or new files but not for earlier results', () => {
    const { dir, head } = repo();
    expect(commitStamp(dir)).toBe(head);
    fs.mkdirSync(path.join(dir, RESULTS_DIR), { recursive: true });
    fs.writeFileSync(path.join(dir, RESULTS_DIR, 'old.json'), '{}');
    expect(commitStamp(dir)).toBe(head);
    fs.writeFileSync(path.join(dir, 'new-script.ts'), '');
    expect(commitStamp(dir)).toBe(`${head}-dirty`);
  });

  it('writes the result with its commit, command and machine under docs/results, named by date and commit', () => {
    const { dir, head } = repo();
    const stamp = startRunStamp(dir, 'npm run bench -- --only real --json').finish();
    const written = writeResultFile(dir, 'bench', stamp, { ingestRatio: 0.93 });
    expect(written).toMatch(new RegExp(`^docs/results/\\d{4}-\\d\\d-\\d\\dT\\d{4}Z-bench-${head}\\.json$`));
    const saved = JSON.parse(fs.readFileSync(path.join(dir, written), 'utf8'));
    expect(saved).toMatchObject({ commit: head, command: 'npm run bench -- --only real --json', result: { ingestRatio: 0.93 } });
    expect(saved.machine.cores).toBe(os.cpus().length);
    expect(saved.machine.loadAverageStart).toHaveLength(3);
  });

  it('quotes arguments the shell would split', () => {
    expect(commandLine('eval', ['--dataset', '../shared/datasets/qa', '--limit', '10'])).toBe('npm run eval -- --dataset ../shared/datasets/qa --limit 10');
    expect(commandLine('eval', ['--note', "it's two words"])).toBe(`npm run eval -- --note 'it'\\''s two words'`);
    expect(commandLine('bench', [])).toBe('npm run bench');
  });
});
