import { startAnswer } from '../chat/answer';
import type { AnswerMode } from '../chat/answer-choices';
import { citedSources } from '../chat/citations';
import type { AnswerTrace } from '../chat/trace-types';
import type { Source } from '../chat/types';

export interface AskedAnswer {
  answer: string;
  finishReason: string;
  sources: Source[];
  /** The sources the answer cites that exist, in citation order. */
  cited: Source[];
  /** Evaluations keep each answer with its trace in their own results, not as a chat. */
  chatId: string | null;
  trace: AnswerTrace | null;
}

/**
 * Asks one question through the code /v1/chat/completions runs (retrieve → prompt → generate,
 * not kept as a chat: OpenAI's `store` off), waiting for the citation check so the trace is complete.
 */
export async function askQuestion(
  request: { viewerId: string | null; question: string; collection: string; maxTokens?: number; temperature?: number; answerMode?: AnswerMode },
  signal: AbortSignal = new AbortController().signal,
): Promise<AskedAnswer> {
  const started = await startAnswer(
    {
      viewerId: request.viewerId,
      messages: [{ role: 'user', content: request.question }],
      collection: request.collection,
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      answerMode: request.answerMode,
      arrivedAt: performance.now(),
      store: false,
    },
    signal,
  );
  let answer = '';
  for await (const piece of started.deltas()) answer += piece;
  return {
    answer,
    finishReason: started.outcome().finishReason,
    sources: started.sources,
    cited: citedSources(answer, started.sources),
    chatId: started.chatId,
    trace: await started.trace(),
  };
}
