import path from 'node:path';
import type { Database } from '@/db';
import { describeError, notFound, unprocessable } from '../errors';
import { env } from '../env';
import { resolveChatConfig } from '../chat/providers';
import { describeLocalModel } from '../chat/providers/local-model-file';
import { loadSettings, saveSettings } from '../settings';
import { type LibraryAdapter, listAdapters } from './adapters';
import { readGgufFactsCached } from './gguf-facts';
import { HUB_ENDPOINT } from './hub';
import { type LibraryFileError, type LibraryModel, readModelLibrary } from './library';
import { cancelModelDownload, listModelDownloads, type ModelDownloadState, startModelDownload } from './model-download';

/** GET /api/models: the library as the admin sees it. */
export interface ModelLibrary {
  models: LibraryModel[];
  adapters: LibraryAdapter[];
  /** Files in MODELS_DIR that are not readable GGUFs, with the reason. */
  errors: LibraryFileError[];
  /** hf: downloads started from the library, with progress. */
  downloads: ModelDownloadState[];
  /** The active chat model is not local (LLM_PROVIDER=openai), so no file is active. */
  provider: 'local' | 'openai';
}

/** The active local model's file, or null when the chat model is remote. */
export async function activeModelPath(db: Database): Promise<string | null> {
  const config = resolveChatConfig(await loadSettings(db));
  return config.provider === 'local' ? describeLocalModel(config.model, config.modelsDir).path : null;
}

export async function readLibrary(db: Database): Promise<ModelLibrary> {
  const modelsDir = env().MODELS_DIR;
  const settings = await loadSettings(db);
  const provider = resolveChatConfig(settings).provider === 'openai' ? 'openai' : 'local';
  const active = await activeModelPath(db);
  const { models, errors } = await readModelLibrary(modelsDir, active);
  const base = active ? await readGgufFactsCached(active).catch(() => null) : null;
  return { models, adapters: await listAdapters(modelsDir, base), errors, downloads: listModelDownloads(), provider };
}

/**
 * Makes a GGUF in MODELS_DIR the chat model (and the local provider the one in use). No
 * restart: the next answer loads it, answers in flight finish on the old one, which is then
 * freed (lib/chat/providers/local-engine.ts).
 */
export async function setActiveModel(db: Database, file: string): Promise<LibraryModel> {
  const modelsDir = env().MODELS_DIR;
  if (path.basename(file) !== file || !file.toLowerCase().endsWith('.gguf')) {
    throw unprocessable('invalid_model', 'Name a .gguf file from GET /api/models (a file name in MODELS_DIR, not a path).');
  }
  const full = path.join(modelsDir, file);
  const facts = await readGgufFactsCached(full).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw notFound(`The model ${file}`);
    throw unprocessable('invalid_model', `${file} is not a readable GGUF (${describeError(err)}); replace the file or choose another model.`);
  });
  if (facts.kind === 'adapter') throw unprocessable('invalid_model', `${file} is a LoRA adapter, not a model; move it to MODELS_DIR/loras and choose it per chat.`);
  await saveSettings(db, { llmProvider: 'local', llmModel: file });
  const { models } = await readModelLibrary(modelsDir, full);
  return models.find((m) => m.file === file)!;
}

/** POST /api/models {"uri"}: starts a verified, resumable download into MODELS_DIR. */
export function downloadModel(uri: string): ModelDownloadState {
  const e = env();
  return startModelDownload(uri, { modelsDir: e.MODELS_DIR, endpoint: (e.HF_ENDPOINT ?? HUB_ENDPOINT).replace(/\/+$/, ''), allowDownloads: e.ALLOW_MODEL_DOWNLOADS });
}

export { cancelModelDownload };
