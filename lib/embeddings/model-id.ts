import fs from 'node:fs';
import path from 'node:path';
import { OPENAI_PREFIX } from './openai';

/**
 * Which embedding model ids an admin may choose: a transformers.js model Docent knows (the
 * registry), one whose files are in MODELS_DIR, or `openai:<model>` for an OpenAI-compatible
 * endpoint. The id becomes a directory under MODELS_DIR and a model name sent upstream, so
 * its shape is checked strictly before anything looks for it.
 */
export const MAX_MODEL_ID_LENGTH = 200;

/** The settings row (key) holding the admin's choice; absent: EMBEDDING_MODEL from the environment. */
export const EMBEDDING_MODEL_SETTING = 'embeddingModel';

/** `owner/name` (or a bare `name`): Hugging Face's characters, no `..`, no leading dot or slash. */
const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
/** What OpenAI-compatible servers name models: also `:` tags (Ollama's `nomic-embed-text:v1.5`) and `/`. */
const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;

export type ModelIdCheck = { ok: true; id: string } | { ok: false; message: string };

export interface ModelIdContext {
  /** transformers.js ids from the registry. */
  known: readonly string[];
  /** Whether MODELS_DIR holds files for this (shape-checked) id. */
  present: (id: string) => boolean;
  /** For messages. */
  modelsDir: string;
}

/** Pure: decides whether `value` names a usable embedding model, with a message saying why not. */
export function checkEmbeddingModelId(value: string, ctx: ModelIdContext): ModelIdCheck {
  const id = value.trim();
  const choices =
    `use a transformers.js model id Docent knows (${ctx.known.join(', ')}), one whose files are in ${ctx.modelsDir}, ` +
    `or openai:<model> for an OpenAI-compatible endpoint`;
  if (!id) return { ok: false, message: `The embedding model must not be empty; ${choices}.` };
  if (id.length > MAX_MODEL_ID_LENGTH) {
    return { ok: false, message: `The embedding model id is longer than ${MAX_MODEL_ID_LENGTH} characters; ${choices}.` };
  }
  if (id.startsWith(OPENAI_PREFIX)) {
    const name = id.slice(OPENAI_PREFIX.length);
    if (!REMOTE_NAME.test(name) || name.includes('..')) {
      return {
        ok: false,
        message: `"${id}" is not a valid remote embedding model: after openai: comes the model name the server knows, e.g. openai:text-embedding-3-small (letters, digits and . _ - : / @ +, no spaces).`,
      };
    }
    return { ok: true, id };
  }
  if (!HUB_ID.test(id) || id.split('/').some((part) => part === '.' || part === '..')) {
    return { ok: false, message: `"${id}" is not a model id (like Xenova/all-MiniLM-L6-v2); ${choices}.` };
  }
  if (ctx.known.includes(id) || ctx.present(id)) return { ok: true, id };
  return { ok: false, message: `The embedding model "${id}" is unknown: it is not in Docent's registry and ${ctx.modelsDir} has no files for it; ${choices}.` };
}

/** Whether MODELS_DIR (or transformers.js' cache in it) holds a model's config. */
export function modelFilesPresent(modelsDir: string, id: string): boolean {
  return [path.join(modelsDir, id), path.join(modelsDir, '.cache', 'transformers', id)].some((dir) =>
    fs.existsSync(path.join(dir, 'config.json')),
  );
}

/** transformers.js models found in MODELS_DIR (`owner/name` folders holding a config.json), for the admin's choices. */
export function listLocalEmbeddingModels(modelsDir: string): string[] {
  const found: string[] = [];
  const entries = (dir: string) => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
    } catch {
      return [];
    }
  };
  for (const owner of entries(modelsDir)) {
    if (fs.existsSync(path.join(modelsDir, owner.name, 'config.json'))) found.push(owner.name);
    for (const name of entries(path.join(modelsDir, owner.name))) {
      if (fs.existsSync(path.join(modelsDir, owner.name, name.name, 'config.json'))) found.push(`${owner.name}/${name.name}`);
    }
  }
  return found.sort();
}
