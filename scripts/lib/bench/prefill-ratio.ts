import type { Token } from 'node-llama-cpp';
import { buildPrompt, type RankedChunk } from '@/lib/chat/prompt';
import { contextFor, type Engine, LOCAL_CONTEXT_SIZE, slotFor } from '@/lib/chat/providers/local-engine';
import type { ChatModel } from '@/lib/chat/types';
import { DEFAULT_SYSTEM_PROMPT } from '@/lib/settings';
import { median } from './stats';

/**
 * Prefill speed through Docent's local provider against node-llama-cpp used directly (issue 14's
 * measure, goal ≥ 0.95): the same loaded model, the same context size and the same prompt tokens,
 * timed from the call to the first generated token, Docent and direct taking turns to go first.
 * Docent's side is a new chat each time whose system prompt starts with a fresh nonce, so no
 * earlier sequence shares a prefix with it and every prompt token is evaluated.
 */
export interface PrefillRatio {
  promptTokens: number;
  /** Tokens/s, median over the reps. */
  docentTokensPerSecond: number;
  directTokensPerSecond: number;
  /** Median of the per-rep ratios Docent ÷ direct. */
  ratio: number;
  /** Context options that may differ: threads and batch size. */
  docentThreads: number;
  directThreads: number;
  docentBatchSize: number;
  directBatchSize: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function measurePrefillRatio(
  engine: Engine, model: ChatModel, chunks: RankedChunk[], reps: number, log: (line: string) => void, directThreads?: number,
): Promise<PrefillRatio> {
  // node-llama-cpp's own defaults, only the context size set to Docent's (and threads when asked).
  const direct = await engine.model.createContext({ contextSize: Math.min(LOCAL_CONTEXT_SIZE, engine.model.trainContextSize), ...(directThreads ? { threads: directThreads } : {}) });
  const sequence = direct.getSequence();
  const docentRuns: number[] = [];
  const directRuns: number[] = [];
  let promptTokens = 0;
  try {
    const viaDocent = async (rep: number): Promise<Token[]> => {
      const conversation = `prefill-${rep}`;
      const prompt = await buildPrompt({
        systemPrompt: `Run ${rep}-${Math.random()}. ${DEFAULT_SYSTEM_PROMPT}`, conversation: [{ role: 'user', content: 'What does Docent store about each document?' }],
        chunks, contextSize: model.contextSize, maxTokens: 1, countTokens: (t) => model.countTokens(t),
      });
      const started = performance.now();
      const stream = await model.stream(prompt.messages, { temperature: 0, maxTokens: 1, conversation }, new AbortController().signal);
      let elapsed = 0;
      for await (const piece of stream) elapsed ||= piece ? performance.now() - started : 0;
      elapsed ||= performance.now() - started;
      const stats = stream.prefill!;
      promptTokens = stats.promptTokens;
      docentRuns.push(stats.evaluatedTokens / (elapsed / 1000));
      log(`Docent: ${stats.evaluatedTokens} tokens in ${elapsed.toFixed(0)} ms`);
      const { sequence: held } = await slotFor(await contextFor(engine, undefined), conversation);
      return held.contextTokens.slice(0, stats.promptTokens);
    };
    const viaDirect = async (tokens: Token[]) => {
      await sequence.clearHistory();
      const started = performance.now();
      const generator = sequence.evaluate(tokens, { temperature: 0 });
      await generator.next();
      const elapsed = performance.now() - started;
      await generator.return(undefined);
      directRuns.push(tokens.length / (elapsed / 1000));
      log(`direct: ${tokens.length} tokens in ${elapsed.toFixed(0)} ms`);
    };
    // Untimed warm-up of both paths; the warm-up's tokens are the direct side's prompt (cleared each time).
    const tokens = await viaDocent(-1);
    await viaDirect(tokens);
    docentRuns.length = directRuns.length = 0;
    for (let rep = 0; rep < reps; rep++) {
      if (rep % 2 === 0) {
        await viaDocent(rep);
        await viaDirect(tokens);
      } else {
        await viaDirect(tokens);
        await viaDocent(rep);
      }
    }
    return {
      promptTokens,
      docentTokensPerSecond: round(median(docentRuns), 0),
      directTokensPerSecond: round(median(directRuns), 0),
      ratio: round(median(docentRuns.map((d, i) => d / directRuns[i]))),
      docentThreads: engine.threads,
      directThreads: direct.idealThreads,
      docentBatchSize: (await contextFor(engine, undefined)).context.batchSize,
      directBatchSize: direct.batchSize,
    };
  } finally {
    await direct.dispose();
  }
}
