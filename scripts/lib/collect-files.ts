import fs from 'node:fs';
import path from 'node:path';

const SUPPORTED = new Set(['.pdf', '.docx', '.html', '.htm', '.md', '.markdown', '.txt', '.text', '.csv']);
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * Files named on the command line are always tried; inside folders (recursively) only
 * supported extensions are taken and the rest are reported as skipped.
 */
export function collectFiles(paths: string[]): { files: string[]; skipped: string[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) (SUPPORTED.has(path.extname(entry.name).toLowerCase()) ? files : skipped).push(full);
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${p} does not exist`);
    if (stat.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, skipped };
}
