import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { gitBlobSha1File, sha256File } from './manifest';
import { hubFileUrl, type ModelFileSpec } from './registry';

export const HUB_ENDPOINT = 'https://huggingface.co';
const METADATA_TIMEOUT_MS = 20_000;
/** A download that delivers no byte for this long is given up, so `npm start` never hangs. */
const IDLE_TIMEOUT_MS = 60_000;

type HubRef = NonNullable<ModelFileSpec['hub']>;

export interface HubFileMeta {
  /** The commit the revision resolved to; the download is pinned to it so bytes match the metadata. */
  commit: string | null;
  /** For LFS files: the sha256 the Hub stores. */
  sha256: string | null;
  /** For small files kept in git: the git blob sha1 (the Hub's ETag). */
  gitSha1: string | null;
  size: number | null;
}

/** fetch() hides the reason (DNS, refused, timeout) in `cause`; messages should show it. */
export function describeNetworkError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message;
  return reason && !message.includes(reason) ? `${message} (${reason})` : message;
}

function cleanEtag(value: string | null): string | null {
  if (!value) return null;
  return value.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

/**
 * What the Hub says about a file, from a HEAD on its resolve URL without following the CDN
 * redirect (the headers that carry the hash are on the Hub's own response), as
 * huggingface_hub does. A relative redirect (a renamed repository) is followed.
 */
export async function fetchHubMetadata(endpoint: string, hub: HubRef, signal?: AbortSignal): Promise<HubFileMeta> {
  let url = hubFileUrl(hub, endpoint);
  const timeout = AbortSignal.timeout(METADATA_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  for (let hops = 0; hops < 5; hops++) {
    const res = await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      headers: { 'accept-encoding': 'identity' },
      signal: combined,
    });
    const linked = cleanEtag(res.headers.get('x-linked-etag'));
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && !linked && location) {
      url = new URL(location, url).toString();
      continue;
    }
    if (res.status >= 400) {
      throw new Error(`the Hub answered ${res.status} for ${url}`);
    }
    const etag = linked ?? cleanEtag(res.headers.get('etag'));
    const sizeHeader = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
    return {
      commit: res.headers.get('x-repo-commit'),
      sha256: etag && /^[0-9a-f]{64}$/.test(etag) ? etag : null,
      gitSha1: etag && /^[0-9a-f]{40}$/.test(etag) ? etag : null,
      size: sizeHeader ? Number(sizeHeader) : null,
    };
  }
  throw new Error(`too many redirects for ${url}`);
}

/** Whether a local file is the one the Hub describes. Returns its sha256 when it is. */
export async function matchesHub(file: string, meta: HubFileMeta): Promise<string | null> {
  const sha256 = await sha256File(file);
  if (meta.sha256) return meta.sha256 === sha256 ? sha256 : null;
  if (meta.gitSha1) return (await gitBlobSha1File(file)) === meta.gitSha1 ? sha256 : null;
  return null;
}

export interface HubDownload {
  endpoint: string;
  hub: HubRef;
  dest: string;
  onBytes?: (loaded: number, total: number | null) => void;
  signal?: AbortSignal;
}

/**
 * Downloads a file from the Hub into `dest` (atomically) and verifies it against the hash the
 * Hub reports. Returns the file's sha256.
 */
export async function downloadHubFile({ endpoint, hub, dest, onBytes, signal }: HubDownload): Promise<string> {
  const meta = await fetchHubMetadata(endpoint, hub, signal);
  if (!meta.sha256 && !meta.gitSha1) {
    throw new Error(`the Hub reported no hash for ${hub.repo}/${hub.file}; refusing an unverifiable download`);
  }
  const pinned = { ...hub, revision: meta.commit ?? hub.revision };
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(new Error('download stalled')), IDLE_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
  const tmp = `${dest}.${process.pid}.download`;
  try {
    const res = await fetch(hubFileUrl(pinned, endpoint), { signal: combined });
    if (!res.ok || !res.body) throw new Error(`the Hub answered ${res.status} for ${hubFileUrl(pinned, endpoint)}`);
    const total = meta.size ?? (Number(res.headers.get('content-length')) || null);
    const hash = createHash('sha256');
    let loaded = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        clearTimeout(timer);
        timer = setTimeout(() => idle.abort(new Error('download stalled')), IDLE_TIMEOUT_MS);
        hash.update(chunk);
        loaded += chunk.length;
        onBytes?.(loaded, total);
        done(null, chunk);
      },
    });
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), meter, createWriteStream(tmp));
    const sha256 = hash.digest('hex');
    const ok = meta.sha256 ? meta.sha256 === sha256 : (await gitBlobSha1File(tmp)) === meta.gitSha1;
    if (!ok) {
      throw new Error(`${hub.repo}/${hub.file} from the Hub does not match the hash the Hub reports`);
    }
    await fs.rename(tmp, dest);
    return sha256;
  } finally {
    clearTimeout(timer);
    await fs.rm(tmp, { force: true });
  }
}
