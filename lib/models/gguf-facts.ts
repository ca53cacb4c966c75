import fs from 'node:fs/promises';
import path from 'node:path';
import type { GgufFileInfo } from 'node-llama-cpp';

/**
 * What a GGUF header says about a file, read with node-llama-cpp's own reader (no parser of
 * ours): enough to list a model or an adapter, and to check an adapter against a base model.
 */
export interface GgufFacts {
  file: string;
  path: string;
  /** `model` for a full model; `adapter` for a LoRA (general.type = adapter). */
  kind: 'model' | 'adapter';
  architecture: string;
  /** Weights in the file (for an adapter: its own, not the base's). */
  parameters: number;
  /** The file type (e.g. `Q4_K_M`), or `unknown` when the header does not say. */
  quantization: string;
  contextLength: number | null;
  bytes: number;
  chatTemplate: boolean;
  /** general.name / general.base_model.0.name where present, for messages. */
  name: string | null;
  baseModel: string | null;
  /** Tensor name → dimensions, to match an adapter's tensors to its base's. */
  tensors: Map<string, number[]>;
  info: GgufFileInfo;
}

export const GGUF_MAGIC = Buffer.from('GGUF');

/** Whether the first bytes are a GGUF header: checked before anything else reads the file. */
export function startsLikeGguf(head: Uint8Array): boolean {
  return head.length >= 4 && Buffer.from(head.subarray(0, 4)).equals(GGUF_MAGIC);
}

/** Reads the header; throws with node-llama-cpp's reason when the file is not a readable GGUF. */
export async function readGgufFacts(file: string): Promise<GgufFacts> {
  const { readGgufFileInfo, GgufFileType } = await import('node-llama-cpp');
  const [info, stat] = await Promise.all([
    // The vocabulary is most of a header's bytes and says nothing we show.
    readGgufFileInfo(file, { logWarnings: false, ignoreKeys: ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'] }),
    fs.stat(file),
  ]);
  const general = info.metadata.general as Record<string, unknown> & { architecture?: string; file_type?: number; name?: string };
  const arch = (info.architectureMetadata ?? {}) as { context_length?: number };
  const tensors = new Map((info.tensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number)]));
  const parameters = (info.tensorInfo ?? []).reduce((sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1), 0);
  const fileType = general.file_type;
  const baseName = (general as Record<string, unknown>)['base_model.0.name'] ?? (general.base_model as { 0?: { name?: string } } | undefined)?.[0]?.name;
  return {
    file: path.basename(file),
    path: file,
    kind: general.type === 'adapter' ? 'adapter' : 'model',
    architecture: String(general.architecture ?? 'unknown'),
    parameters,
    quantization: fileType !== undefined && GgufFileType[fileType] ? GgufFileType[fileType].replace(/^MOSTLY_/, '') : 'unknown',
    contextLength: typeof arch.context_length === 'number' ? arch.context_length : null,
    bytes: stat.size,
    chatTemplate: typeof (info.metadata.tokenizer as { chat_template?: unknown } | undefined)?.chat_template === 'string',
    name: typeof general.name === 'string' ? general.name : null,
    baseModel: typeof baseName === 'string' ? baseName : null,
    tensors,
    info,
  };
}

// Headers are read on every chat with an adapter (to check it against the base); a file that has
// not changed (same size and mtime) is not read again.
const cache = new Map<string, { stamp: string; facts: Promise<GgufFacts> }>();

export async function readGgufFactsCached(file: string): Promise<GgufFacts> {
  const stat = await fs.stat(file);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const hit = cache.get(file);
  if (hit?.stamp === stamp) return hit.facts;
  const facts = readGgufFacts(file);
  cache.set(file, { stamp, facts });
  facts.catch(() => cache.delete(file));
  return facts;
}
