import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeError } from '../errors';
import { getLlamaInstance, LOCAL_CONTEXT_SIZE, SEQUENCES_PER_CONTEXT } from '../chat/providers/local-engine';
import { type GgufFacts, readGgufFactsCached as readGgufFacts } from './gguf-facts';

/** The model library's wire types (GET /api/models); components import them type-only. */
export interface ModelMemory {
  /** Bytes the model needs at Docent's context size: weights plus KV cache and compute buffers. */
  required: number;
  /** Free bytes where it would run (GPU memory for `gpu`, RAM otherwise). */
  available: number;
  fits: boolean;
  /** Where it fits: `gpu`, `cpu`, or null when it does not fit anywhere. */
  on: 'gpu' | 'cpu' | null;
}

/** A model's header facts (see GgufFacts) plus what the library adds. */
export interface LibraryModel extends Pick<GgufFacts, 'file' | 'architecture' | 'parameters' | 'quantization' | 'contextLength' | 'bytes' | 'chatTemplate'> {
  /** The file name without its quantization: files of one family are shown side by side. */
  family: string;
  memory: ModelMemory | null;
  active: boolean;
  /** Under ~1B parameters: good for trying Docent out, not for real answers. */
  tiny: boolean;
}

export interface LibraryFileError {
  file: string;
  error: string;
}

export const TINY_MODEL_PARAMETERS = 1e9;
const QUANT_SUFFIX = /[.-](?:I?Q\d[\w]*|F16|F32|BF16)$/i;

export function modelFamily(file: string): string {
  return file.replace(/\.gguf$/i, '').replace(QUANT_SUFFIX, '');
}

export async function listGgufFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.gguf')).map((e) => path.join(dir, e.name)).sort();
}

/**
 * Memory at Docent's context size from node-llama-cpp's GgufInsights: on the GPU with every
 * layer offloaded when there is one and it has room, else on the CPU against free RAM.
 */
export async function estimateMemory(facts: GgufFacts): Promise<ModelMemory> {
  const { GgufInsights } = await import('node-llama-cpp');
  const llama = await getLlamaInstance();
  const insights = await GgufInsights.from(facts.info, llama);
  const contextSize = Math.min(LOCAL_CONTEXT_SIZE, insights.trainContextSize ?? LOCAL_CONTEXT_SIZE);
  const need = async (gpuLayers: number) => {
    const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
    // One sequence per recent chat (local-engine), each with its own KV cache.
    const context = await insights.estimateContextResourceRequirementsV2({ contextSize, modelGpuLayers: gpuLayers, sequences: SEQUENCES_PER_CONTEXT });
    return { ram: model.cpuRam + context.cpuRam, vram: model.gpuVram + context.gpuVram };
  };
  const freeRam = os.freemem();
  if (llama.gpu) {
    const [gpu, vram] = await Promise.all([need(insights.totalLayers), llama.getVramState()]);
    if (gpu.vram <= vram.free && gpu.ram <= freeRam) return { required: gpu.vram, available: vram.free, fits: true, on: 'gpu' };
  }
  const cpu = await need(0);
  const fits = cpu.ram <= freeRam;
  return { required: cpu.ram, available: freeRam, fits, on: fits ? 'cpu' : null };
}

export function toLibraryModel(facts: GgufFacts, memory: ModelMemory | null, activePath: string | null): LibraryModel {
  return {
    file: facts.file,
    architecture: facts.architecture,
    parameters: facts.parameters,
    quantization: facts.quantization,
    contextLength: facts.contextLength,
    bytes: facts.bytes,
    chatTemplate: facts.chatTemplate,
    family: modelFamily(facts.file),
    memory,
    active: activePath !== null && path.resolve(activePath) === facts.path,
    tiny: facts.parameters < TINY_MODEL_PARAMETERS,
  };
}

/** Every full-model GGUF in `modelsDir` (adapters are listed apart); unreadable files are reported, not hidden. */
export async function readModelLibrary(modelsDir: string, activePath: string | null): Promise<{ models: LibraryModel[]; errors: LibraryFileError[] }> {
  const models: LibraryModel[] = [];
  const errors: LibraryFileError[] = [];
  for (const file of await listGgufFiles(modelsDir)) {
    try {
      const facts = await readGgufFacts(file);
      if (facts.kind === 'adapter') continue;
      models.push(toLibraryModel(facts, await estimateMemory(facts), activePath));
    } catch (err) {
      errors.push({ file: path.basename(file), error: `Not a readable GGUF: ${describeError(err)}` });
    }
  }
  return { models, errors };
}
