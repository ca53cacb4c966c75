import fs from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../errors';
import { readGgufFactsCached } from '../../models/gguf-facts';
import { TINY_MODEL_PARAMETERS } from '../../models/library';

/**
 * Per-model sampling defaults for local generation (issue 14 item 4). Tried as a new user would,
 * SmolLM2-135M repeated one sentence until the token cap; llama.cpp's classic repeat penalty
 * alone does not stop a tiny model, DRY ("don't repeat yourself": a penalty growing with the
 * length of a repeated token run) does. Larger models repeat far less and lose quality under
 * strong penalties, so the defaults follow the model's size from its GGUF header, and a file
 * beside the model (`<model>.gguf.sampling.json`) overrides them.
 */
const repeatPenalty = z.strictObject({
  /** Logit divisor for recently used tokens (1 = off). */
  penalty: z.number().min(1).max(2),
  /** How many recent tokens count. */
  lastTokens: z.number().int().min(0).max(4096),
  frequencyPenalty: z.number().min(0).max(2).optional(),
  presencePenalty: z.number().min(0).max(2).optional(),
});

const dryPenalty = z.strictObject({
  /** 0–1; node-llama-cpp recommends 0.8. */
  strength: z.number().min(0).max(1),
  base: z.number().min(1).max(4).optional(),
  /** Repeated runs up to this many tokens go unpunished. */
  allowedLength: z.number().int().min(1).max(32).optional(),
  /** Generated tokens matched for repeats: the prompt's sources are not, so quoting them stays free. */
  lastTokens: z.number().int().min(1).max(4096).optional(),
});

export const samplingSchema = z.strictObject({ repeatPenalty, dry: dryPenalty.nullable() });
export type SamplingDefaults = z.infer<typeof samplingSchema>;

/** Where a model's override lives: beside it, so it travels with the file. */
export const samplingFileFor = (modelPath: string) => `${modelPath}.sampling.json`;

/**
 * Citations and list markers recur by design; DRY must not punish `[1]` after `[1]` (nor new
 * lines, colons, quotes, bullets — node-llama-cpp's own breakers).
 */
export const DRY_SEQUENCE_BREAKERS = ['\n', ':', '"', '*', '[', ']'];

/** The defaults for a model of `parameters` weights. */
export function defaultSampling(parameters: number): SamplingDefaults {
  // 1.1 over the last 64 tokens is llama.cpp's own long-standing default.
  if (parameters >= TINY_MODEL_PARAMETERS) return { repeatPenalty: { penalty: 1.1, lastTokens: 64 }, dry: null };
  return { repeatPenalty: { penalty: 1.15, lastTokens: 64 }, dry: { strength: 0.8, base: 1.75, allowedLength: 2, lastTokens: 256 } };
}

/** The sampling a local model generates with: its override file when there is one, else by its size. */
export async function samplingFor(modelPath: string): Promise<{ sampling: SamplingDefaults; source: 'file' | 'size' }> {
  const file = samplingFileFor(modelPath);
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return { sampling: defaultSampling((await readGgufFactsCached(modelPath)).parameters), source: 'size' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = samplingSchema.safeParse(json);
  if (!parsed.success) {
    const why = json === undefined ? 'it is not JSON' : parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ');
    throw new AppError(
      'invalid_sampling_file',
      `The sampling override ${file} is not valid (${why}). Fix it — {"repeatPenalty":{"penalty":1.1,"lastTokens":64},"dry":null} is a valid example — or delete it to use the defaults for the model's size.`,
      500,
    );
  }
  return { sampling: parsed.data, source: 'file' };
}
