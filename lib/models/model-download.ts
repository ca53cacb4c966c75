import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError, badRequest, conflict } from '../errors';
import { describeNetworkError, fetchHubMetadata } from './hub';
import { hubFileUrl } from './registry';

/**
 * Adding a model by `hf:owner/repo/file.gguf`: one background download per URI, with progress,
 * cancel, resume (the partial file is kept and continued with an HTTP Range request) and a
 * sha256 check against the hash the Hub reports, before the file appears in MODELS_DIR.
 */
export interface ModelDownloadState {
  uri: string;
  file: string;
  status: 'downloading' | 'done' | 'failed' | 'cancelled';
  loaded: number;
  total: number | null;
  /** Bytes taken over from an earlier, interrupted attempt. */
  resumedFrom: number;
  error: string | null;
}

interface Download {
  state: ModelDownloadState;
  controller: AbortController;
  done: Promise<void>;
}

const SEGMENT = String.raw`(?!\.\.?\/)[\w.-]+`;
const HF_URI = new RegExp(String.raw`^hf:([A-Za-z0-9][\w.-]*\/${SEGMENT})\/((?:${SEGMENT}\/)*${SEGMENT}\.gguf)$`, 'i');

const KEY = Symbol.for('docent.modelDownloads');
function downloads(): Map<string, Download> {
  const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, Download> };
  return (holder[KEY] ??= new Map());
}

export function parseHfUri(uri: string): { repo: string; file: string } {
  const match = HF_URI.exec(uri.trim());
  if (!match) throw badRequest('invalid_uri', 'Give a GGUF file on the Hugging Face Hub as hf:owner/repo/file.gguf.');
  return { repo: match[1], file: match[2] };
}

export function listModelDownloads(): ModelDownloadState[] {
  return [...downloads().values()].map((d) => ({ ...d.state }));
}

export interface DownloadTarget {
  modelsDir: string;
  endpoint: string;
  allowDownloads: boolean;
}

/** Starts (or resumes) the download of `uri`; a download already running is returned as it is. */
export function startModelDownload(uri: string, target: DownloadTarget): ModelDownloadState {
  if (!target.allowDownloads) throw new AppError('downloads_disabled', 'ALLOW_MODEL_DOWNLOADS is false; copy the .gguf into MODELS_DIR or upload it instead.', 403);
  const hub = { ...parseHfUri(uri), revision: 'main' };
  const name = path.basename(hub.file);
  const running = downloads().get(uri);
  if (running?.state.status === 'downloading') return { ...running.state };
  const dest = path.join(target.modelsDir, name);
  if (running?.state.status !== 'done' && existsSync(dest)) throw conflict('model_exists', `${name} is already in the model library.`);
  const state: ModelDownloadState = { uri, file: name, status: 'downloading', loaded: 0, total: null, resumedFrom: 0, error: null };
  const controller = new AbortController();
  const done = download(hub, dest, target.endpoint, state, controller.signal).then(
    () => void (state.status = 'done'),
    (err) => {
      state.status = controller.signal.aborted ? 'cancelled' : 'failed';
      state.error = controller.signal.aborted ? null : `Downloading ${uri} failed: ${describeNetworkError(err)}. Try again; a partial download is continued.`;
    },
  );
  downloads().set(uri, { state, controller, done });
  return { ...state };
}

/** Stops a running download, keeping what arrived so starting it again continues from there. */
export async function cancelModelDownload(uri: string): Promise<ModelDownloadState> {
  const running = downloads().get(uri);
  if (!running) throw new AppError('not_found', `No download of ${uri} is known; GET /api/models lists them.`, 404);
  running.controller.abort(new Error('cancelled'));
  await running.done;
  return { ...running.state };
}

async function hashOf(file: string, hash: ReturnType<typeof createHash>): Promise<void> {
  await pipeline(createReadStream(file), new Transform({ transform: (chunk, _e, cb) => (hash.update(chunk), cb()) }));
}

async function download(hub: { repo: string; file: string; revision: string }, dest: string, endpoint: string, state: ModelDownloadState, signal: AbortSignal): Promise<void> {
  const meta = await fetchHubMetadata(endpoint, hub, signal);
  if (!meta.sha256) throw new Error('the Hub reported no sha256 for it; refusing an unverifiable download');
  const partial = `${dest}.partial`;
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const have = (await fs.stat(partial).catch(() => null))?.size ?? 0;
  const url = hubFileUrl({ ...hub, revision: meta.commit ?? hub.revision }, endpoint);
  const res = await fetch(url, { signal, headers: have ? { range: `bytes=${have}-` } : {} });
  if (!res.ok || !res.body) throw new Error(`the Hub answered ${res.status}`);
  const resumed = res.status === 206 ? have : 0; // a server that ignores Range sends it all again
  const hash = createHash('sha256');
  if (resumed) await hashOf(partial, hash);
  state.resumedFrom = resumed;
  state.loaded = resumed;
  state.total = meta.size ?? (Number(res.headers.get('content-length')) + resumed || null);
  // Each piece is on disk before it counts, so a cancel keeps exactly what `loaded` says and a
  // resume continues from the partial file's size. Aborting `signal` ends the body (fetch's).
  const out = await fs.open(partial, resumed ? 'a' : 'w');
  try {
    for await (const chunk of Readable.fromWeb(res.body as WebReadableStream<Uint8Array>)) {
      await out.write(chunk as Buffer);
      hash.update(chunk as Buffer);
      state.loaded += (chunk as Buffer).length;
    }
  } finally {
    await out.close();
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== meta.sha256) {
    await fs.rm(partial, { force: true });
    throw new Error(`its sha256 ${sha256} is not the ${meta.sha256} the Hub reports (the partial file was removed)`);
  }
  await fs.link(partial, dest).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EEXIST' ? new Error(`${path.basename(dest)} appeared in MODELS_DIR meanwhile`) : err;
  });
  await fs.rm(partial, { force: true });
  console.log(`[models] downloaded ${hub.repo}/${hub.file}: ${state.loaded} bytes, sha256 verified`);
}
