import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Model files Docent writes itself (a config.json the source does not ship): hashed as text. */
export const contentSha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');

/** Writes `content` to `dest` atomically (temporary name, then rename); returns its sha256. */
export async function writeContentFile(dest: string, content: string): Promise<string> {
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.extract`;
  await fs.writeFile(tmp, content, 'utf8');
  await fs.rename(tmp, dest);
  return contentSha256(content);
}
