import path from 'node:path';
import { AppError, conflict, notFound, unprocessable } from '../errors';
import { getLlamaInstance, llamaThreads } from '../chat/providers/local-engine';
import { readGgufFactsCached } from './gguf-facts';
import { estimateMemory } from './library';

/**
 * `Try it` in the model library: loads a model on its own, evaluates a fixed prompt and
 * generates a fixed number of tokens greedily, and reports both speeds on this machine, so
 * quantizations of one model can be compared before one is made active.
 */
export interface TryResult {
  file: string;
  promptTokens: number;
  generatedTokens: number;
  prefillTokensPerSecond: number;
  generationTokensPerSecond: number;
  loadMs: number;
}

export const TRY_PROMPT =
  'Docent answers questions from your own documents. Summarise in one sentence why a smaller quantization of a language model ' +
  'answers faster on a laptop, and what it may cost in quality. '.repeat(4);
const TRY_TOKENS = 32;

let running = false;

export async function tryModel(modelsDir: string, file: string): Promise<TryResult> {
  if (path.basename(file) !== file || !file.toLowerCase().endsWith('.gguf')) throw unprocessable('invalid_model', 'Name a .gguf file from GET /api/models.');
  const full = path.join(modelsDir, file);
  const facts = await readGgufFactsCached(full).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? notFound(`The model ${file}`) : unprocessable('invalid_model', `${file} is not a readable GGUF.`);
  });
  if (facts.kind === 'adapter') throw unprocessable('invalid_model', `${file} is an adapter; try the model it belongs to.`);
  if (!(await estimateMemory(facts)).fits) throw unprocessable('does_not_fit', `${file} does not fit in this machine's free memory; try a smaller quantization.`);
  // One trial at a time: two would share the cores and report half the speed each.
  if (running) throw conflict('trial_running', 'Another model is being tried; wait for it to finish.');
  running = true;
  try {
    return await measure(full, file);
  } catch (err) {
    throw err instanceof AppError ? err : new AppError('trial_failed', `${file} could not be tried: ${(err as Error).message}`, 422);
  } finally {
    running = false;
  }
}

async function measure(full: string, file: string): Promise<TryResult> {
  const llama = await getLlamaInstance();
  const started = performance.now();
  const model = await llama.loadModel({ modelPath: full });
  try {
    const context = await model.createContext({ contextSize: 1024, threads: llamaThreads(llama) });
    const loadMs = performance.now() - started;
    const sequence = context.getSequence();
    const tokens = model.tokenize(TRY_PROMPT);
    const prefillStart = performance.now();
    await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, -1));
    const prefillMs = performance.now() - prefillStart;
    const generateStart = performance.now();
    let generated = 0;
    for await (const token of sequence.evaluate(tokens.slice(-1), { temperature: 0 })) {
      if (++generated >= TRY_TOKENS || model.isEogToken(token)) break;
    }
    const generateMs = performance.now() - generateStart;
    await context.dispose();
    return {
      file,
      promptTokens: tokens.length - 1,
      generatedTokens: generated,
      prefillTokensPerSecond: ((tokens.length - 1) * 1000) / prefillMs,
      generationTokensPerSecond: (generated * 1000) / generateMs,
      loadMs,
    };
  } finally {
    await model.dispose();
  }
}
