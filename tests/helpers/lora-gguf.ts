import fs from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from '../../scripts/lib/bench/synthetic';

/**
 * Writes a real LoRA adapter in GGUF v3 — the layout llama.cpp's convert_lora_to_gguf produces
 * (general.type = adapter, adapter.type = lora, adapter.lora.alpha, tensors `<weight>.lora_a`
 * of ne [in, rank] and `<weight>.lora_b` of ne [rank, out], F32) — with seeded random weights,
 * so tests have an adapter that measurably changes a model's output without any download.
 */
export interface LoraSpec {
  architecture: string;
  /** Base weights to adapt: name → [in, out] (their GGUF dimensions). */
  targets: Record<string, [number, number]>;
  rank: number;
  alpha: number;
  /** Standard deviation of the random A and B entries. */
  std: number;
  seed: number;
  baseModelName?: string;
}

const ALIGNMENT = 32;
const enum KvType {
  UINT32 = 4,
  FLOAT32 = 6,
  STRING = 8,
}

class Writer {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer) {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad() {
    const rest = this.length % ALIGNMENT;
    if (rest) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  buffer() {
    return Buffer.concat(this.parts);
  }
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

export function buildLoraGguf(spec: LoraSpec): Buffer {
  const next = seededRandom(spec.seed);
  const tensors: { name: string; dims: [number, number]; data: Buffer }[] = [];
  for (const [weight, [input, output]] of Object.entries(spec.targets)) {
    for (const [suffix, dims] of [['lora_a', [input, spec.rank]], ['lora_b', [spec.rank, output]]] as const) {
      const data = Buffer.alloc(dims[0] * dims[1] * 4);
      for (let i = 0; i < dims[0] * dims[1]; i++) data.writeFloatLE(gaussian(next) * spec.std, i * 4);
      tensors.push({ name: `${weight}.${suffix}`, dims: [dims[0], dims[1]], data });
    }
  }
  const kv: [string, KvType, string | number][] = [
    ['general.architecture', KvType.STRING, spec.architecture],
    ['general.type', KvType.STRING, 'adapter'],
    ['general.name', KvType.STRING, `random LoRA r${spec.rank} seed ${spec.seed}`],
    ['adapter.type', KvType.STRING, 'lora'],
    ['adapter.lora.alpha', KvType.FLOAT32, spec.alpha],
    ['general.alignment', KvType.UINT32, ALIGNMENT],
  ];
  if (spec.baseModelName) kv.push(['general.base_model.0.name', KvType.STRING, spec.baseModelName]);

  const w = new Writer();
  w.push(Buffer.from('GGUF'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kv.length);
  for (const [key, type, value] of kv) {
    w.str(key);
    w.u32(type);
    if (type === KvType.STRING) w.str(value as string);
    else if (type === KvType.FLOAT32) w.f32(value as number);
    else w.u32(value as number);
  }
  let offset = 0;
  for (const t of tensors) {
    w.str(t.name);
    w.u32(2);
    w.u64(t.dims[0]);
    w.u64(t.dims[1]);
    w.u32(0); // GGML_TYPE_F32
    w.u64(offset);
    offset += Math.ceil(t.data.length / ALIGNMENT) * ALIGNMENT;
  }
  w.pad();
  for (const t of tensors) {
    w.push(t.data);
    w.pad();
  }
  return w.buffer();
}

/** SmolLM2-135M's attention projections: hidden 576, 9 query heads and 3 KV heads of 64, 30 layers. */
export function smolLm2Targets(layers = 30): Record<string, [number, number]> {
  const targets: Record<string, [number, number]> = {};
  for (let i = 0; i < layers; i++) {
    targets[`blk.${i}.attn_q.weight`] = [576, 576];
    targets[`blk.${i}.attn_v.weight`] = [576, 192];
  }
  return targets;
}

/** A random-weight LoRA for the test model (≈ 2.7 MB at rank 8), written to `dir/file`. */
export async function writeTestLora(dir: string, file: string, overrides: Partial<LoraSpec> = {}): Promise<string> {
  const spec: LoraSpec = { architecture: 'llama', targets: smolLm2Targets(), rank: 8, alpha: 16, std: 0.1, seed: 1, baseModelName: 'SmolLM2 135M Instruct', ...overrides };
  await fs.mkdir(dir, { recursive: true });
  const out = path.join(dir, file);
  await fs.writeFile(out, buildLoraGguf(spec));
  return out;
}
