import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const resolved = new Map<string, string>();

/**
 * Absolute path of an installed package's entry (its ESM build when it has one), for code that
 * runs in a worker thread and loads the package itself. The project root (cwd) is tried first
 * because inside a Next.js bundle this module's own URL does not point into the source tree.
 */
export function resolvePackage(name: string): string {
  const known = resolved.get(name);
  if (known) return known;
  const bases = [path.join(process.cwd(), 'package.json')];
  try {
    bases.push(fileURLToPath(import.meta.url));
  } catch {
    // not a file: URL once bundled
  }
  for (const base of bases) {
    try {
      const entry = createRequire(base).resolve(name);
      const esm = entry.replace(/\.cjs$/, '.mjs');
      const found = existsSync(esm) ? esm : entry;
      resolved.set(name, found);
      return found;
    } catch {
      // try the next base
    }
  }
  throw new Error(`${name} is not installed; run npm install.`);
}
