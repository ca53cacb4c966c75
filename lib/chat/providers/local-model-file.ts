import fs from 'node:fs';
import path from 'node:path';
import { AppError, describeError } from '../../errors';
import { CHAT_MODEL_ALTERNATIVES } from '../../models/chat-model-help';
import { DEFAULT_LLM_FILE, DEFAULT_LLM_URI } from '../../models/registry';

/**
 * Where the local GGUF comes from. LLM_MODEL (or the admin's llmModel) is an absolute path, a
 * file name (or relative path) in MODELS_DIR, or a node-llama-cpp URI (`hf:owner/repo/file.gguf`).
 */
export interface LocalModelRef {
  /** The model's name for clients and messages: its file name. */
  id: string;
  /** Where the file is, or will be once downloaded; null for a URI whose file name is not known offline. */
  path: string | null;
  /** Where it can be downloaded from, if anywhere. */
  uri: string | null;
}

const URI = /^(hf:|https?:\/\/)/i;

export function describeLocalModel(spec: string, modelsDir: string): LocalModelRef {
  if (URI.test(spec)) {
    const file = spec.split(/[/?#]/).filter(Boolean).at(-1) ?? spec;
    const known = file.toLowerCase().endsWith('.gguf');
    return { id: file, path: known ? path.join(modelsDir, file) : null, uri: spec };
  }
  const file = path.resolve(modelsDir, spec);
  // The default model can be fetched the same way `npm run models:fetch` does.
  const uri = path.basename(file) === DEFAULT_LLM_FILE && path.dirname(file) === path.resolve(modelsDir) ? DEFAULT_LLM_URI : null;
  return { id: path.basename(file), path: file, uri };
}

interface Download {
  fraction: number;
  file?: string;
  error?: string;
}

const KEY = Symbol.for('docent.llmDownloads');
function downloads(): Map<string, Download> {
  const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, Download> };
  return (holder[KEY] ??= new Map());
}

export function notReadyMessage(ref: LocalModelRef, modelsDir: string, allowDownloads: boolean): string {
  const where = ref.path ?? `${ref.uri} (in ${modelsDir})`;
  const noDownload = ref.uri && !allowDownloads ? ' ALLOW_MODEL_DOWNLOADS is false, so Docent will not download it itself.' : '';
  const fetch = ref.uri ? ' With the Hub reachable, `npm run models:fetch` downloads it.' : '';
  return `The local chat model ${ref.id} is missing: ${where}.${noDownload}${fetch} ${CHAT_MODEL_ALTERNATIVES}`;
}

export function fileExists(file: string | null): file is string {
  return !!file && (fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
}

/** A download in progress or failed, for health and messages. */
export function downloadState(ref: LocalModelRef): { fraction: number; error?: string } | null {
  const d = ref.uri ? downloads().get(ref.uri) : undefined;
  return d ? { fraction: d.fraction, error: d.error } : null;
}

/**
 * The model file's path when it is there. Otherwise, when it can and may be downloaded, the
 * download starts in the background (one per URI) and this answers 503 with Retry-After: a chat
 * request should not hang for the minutes a gigabyte takes. Anything else is a 503 saying how
 * to provide the file.
 */
export async function ensureLocalModelFile(ref: LocalModelRef, modelsDir: string, allowDownloads: boolean): Promise<string> {
  if (fileExists(ref.path)) return ref.path;
  if (!ref.uri || !allowDownloads) throw new AppError('model_not_ready', notReadyMessage(ref, modelsDir, allowDownloads), 503);

  const all = downloads();
  let download = all.get(ref.uri);
  if (download?.error) {
    all.delete(ref.uri); // reported once; the next request tries again
    throw new AppError('model_not_ready', download.error, 503);
  }
  if (!download) {
    download = startDownload(ref, modelsDir);
    all.set(ref.uri, download);
  }
  if (download.file) return download.file;
  const percent = Math.round(download.fraction * 100);
  throw new AppError(
    'model_not_ready',
    `The local chat model ${ref.id} is downloading (${percent}%); try again shortly. ` +
      'To skip the wait, set LLM_PROVIDER=openai to use an OpenAI-compatible server.',
    503,
    { 'Retry-After': '30' },
  );
}

function startDownload(ref: LocalModelRef, modelsDir: string): Download {
  const download: Download = { fraction: 0 };
  void (async () => {
    const { resolveModelFile } = await import('node-llama-cpp');
    fs.mkdirSync(modelsDir, { recursive: true });
    return resolveModelFile(ref.uri!, {
      directory: modelsDir,
      fileName: ref.path ? path.basename(ref.path) : undefined,
      cli: false,
      onProgress: ({ totalSize, downloadedSize }) => (download.fraction = totalSize ? downloadedSize / totalSize : 0),
    });
  })().then(
    (file) => {
      download.file = file;
      console.log(`[llm] downloaded ${ref.id} to ${file}`);
    },
    (err) => {
      download.error = `Downloading ${ref.uri} failed: ${describeError(err)}. ${notReadyMessage(ref, modelsDir, true)}`;
      console.warn(`[llm] ${download.error}`);
    },
  );
  return download;
}
