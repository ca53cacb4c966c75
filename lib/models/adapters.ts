import path from 'node:path';
import { AppError, badRequest, describeError, notFound } from '../errors';
import { type GgufFacts, readGgufFactsCached } from './gguf-facts';
import { listGgufFiles } from './library';

/** LoRA adapters live in MODELS_DIR/loras, one GGUF each (llama.cpp's convert_lora_to_gguf output). */
export const ADAPTERS_SUBDIR = 'loras';

export interface LibraryAdapter {
  file: string;
  architecture: string;
  /** The base model the adapter was converted against, when its header names it. */
  baseModel: string | null;
  rank: number | null;
  /** LoRA tensor pairs (one per adapted weight). */
  tensors: number;
  bytes: number;
  /** Whether it fits the active chat model; `reason` says why not. */
  compatible: boolean;
  reason: string | null;
}

/** An adapter chosen for an answer: its file in MODELS_DIR/loras and a strength 0–1. */
export interface AdapterChoice {
  name: string;
  scale: number;
}

export interface ResolvedAdapter {
  file: string;
  path: string;
  scale: number;
}

export function adaptersDir(modelsDir: string): string {
  return path.join(modelsDir, ADAPTERS_SUBDIR);
}

const LORA_SUFFIX = /\.lora_([ab])$/;

function loraPairs(adapter: GgufFacts): Map<string, { a?: number[]; b?: number[] }> {
  const pairs = new Map<string, { a?: number[]; b?: number[] }>();
  for (const [name, dims] of adapter.tensors) {
    const match = LORA_SUFFIX.exec(name);
    if (!match) continue;
    const target = name.slice(0, match.index);
    const pair = pairs.get(target) ?? {};
    pair[match[1] as 'a' | 'b'] = dims;
    pairs.set(target, pair);
  }
  return pairs;
}

const baseLabel = (base: GgufFacts) => `${base.file} (${base.architecture}${base.name ? `, ${base.name}` : ''})`;
const adapterLabel = (adapter: GgufFacts) => `${adapter.file} (${adapter.architecture}${adapter.baseModel ? `, for ${adapter.baseModel}` : ''})`;

/**
 * Why `adapter` cannot slot onto `base`, or null when it can: same architecture, and every
 * adapted tensor exists in the base with the shape llama.cpp checks (A's rows = the weight's
 * input size, B's columns = its output size). Both files are named, so the admin knows which to swap.
 */
export function adapterMismatch(adapter: GgufFacts, base: GgufFacts): string | null {
  const both = `the adapter ${adapterLabel(adapter)} does not fit the active model ${baseLabel(base)}`;
  if (adapter.kind !== 'adapter') return `${adapter.file} is a full model, not a LoRA adapter; put it in MODELS_DIR, not MODELS_DIR/${ADAPTERS_SUBDIR}.`;
  if (adapter.architecture !== base.architecture) return `${both}: it is for the ${adapter.architecture} architecture. Choose an adapter trained on this model, or make its base model active.`;
  const pairs = loraPairs(adapter);
  if (pairs.size === 0) return `${adapter.file} has no LoRA tensors (*.lora_a / *.lora_b); convert it with llama.cpp's convert_lora_to_gguf.`;
  for (const [target, { a, b }] of pairs) {
    const weight = base.tensors.get(target);
    if (!weight) return `${both}: the base has no tensor ${target}. Choose an adapter trained on this model.`;
    if (!a || !b || a[0] !== weight[0] || b[1] !== weight[1] || a[1] !== b[0]) {
      return `${both}: ${target} is ${weight.join('×')} in the base but the adapter's A/B are ${a?.join('×')} / ${b?.join('×')}. Choose an adapter trained on this model.`;
    }
  }
  return null;
}

function describeAdapter(adapter: GgufFacts, base: GgufFacts | null): LibraryAdapter {
  const pairs = loraPairs(adapter);
  const first = pairs.values().next().value;
  const reason = base ? adapterMismatch(adapter, base) : 'No local chat model is active, so no adapter can be used.';
  return {
    file: adapter.file,
    architecture: adapter.architecture,
    baseModel: adapter.baseModel,
    rank: first?.a?.[1] ?? null,
    tensors: pairs.size,
    bytes: adapter.bytes,
    compatible: reason === null,
    reason,
  };
}

export async function listAdapters(modelsDir: string, base: GgufFacts | null): Promise<LibraryAdapter[]> {
  const out: LibraryAdapter[] = [];
  for (const file of await listGgufFiles(adaptersDir(modelsDir))) {
    try {
      out.push(describeAdapter(await readGgufFactsCached(file), base));
    } catch (err) {
      out.push({ file: path.basename(file), architecture: 'unknown', baseModel: null, rank: null, tensors: 0, bytes: 0, compatible: false, reason: `Not a readable GGUF: ${describeError(err)}` });
    }
  }
  return out;
}

/** Adapter names are file names in MODELS_DIR/loras, never paths. */
const ADAPTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The adapter file for a request, checked against the base model it would slot onto:
 * 404 when there is no such adapter, 422 (naming both files) when it does not fit.
 */
export async function resolveAdapter(choice: AdapterChoice, modelsDir: string, basePath: string): Promise<ResolvedAdapter> {
  if (!ADAPTER_NAME.test(choice.name)) throw badRequest('invalid_adapter', 'An adapter name is a file name in MODELS_DIR/loras (letters, digits, . _ -), not a path.');
  const file = choice.name.toLowerCase().endsWith('.gguf') ? choice.name : `${choice.name}.gguf`;
  const full = path.join(adaptersDir(modelsDir), file);
  const adapter = await readGgufFactsCached(full).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw notFound(`The adapter ${file}`);
    throw new AppError('adapter_unreadable', `The adapter ${file} is not a readable GGUF (${describeError(err)}); replace it with a LoRA converted by convert_lora_to_gguf.`, 422);
  });
  const mismatch = adapterMismatch(adapter, await readGgufFactsCached(basePath));
  if (mismatch) throw new AppError('adapter_incompatible', mismatch, 422);
  return { file, path: full, scale: choice.scale };
}
