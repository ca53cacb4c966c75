import type { ChunkHit } from '@/db/queries/chunks';
import type { SearchExplain } from '../search/search';
import type { BuiltPrompt } from './prompt';
import { analyseCitations } from './trace-citations';
import type { AnswerTrace, TraceCandidate } from './trace-types';
import type { ChatModel } from './types';

export type { AnswerTrace } from './trace-types';

type Mark = 'model' | 'retrieved' | 'prompted' | 'firstToken' | 'end';

/**
 * Collects an answer's timings and retrieval lists as it runs. Recording is a clock read and a
 * property write per step (nothing per token but one `??=`), so the trace costs the answer's
 * first token nothing measurable; everything else is assembled once the stream has ended.
 */
export class TraceRecorder {
  readonly search: SearchExplain = {};
  private readonly marks: Partial<Record<Mark, number>> = {};

  /** `arrivedAt`: performance.now() when the request arrived (the route reads it first thing). */
  constructor(readonly arrivedAt: number = performance.now()) {}

  /** Notes the first time `name` happens, in ms since the request's arrival. */
  mark(name: Mark): void {
    this.marks[name] ??= performance.now() - this.arrivedAt;
  }

  at(name: Mark): number | null {
    return this.marks[name] ?? null;
  }
}

export interface TraceInput {
  recorder: TraceRecorder;
  query: string;
  mode: string;
  k: number;
  /** The search's result (top-k), before the prompt budget. */
  retrieved: { chunkId: string }[];
  prompt: BuiltPrompt;
  contextSize: number;
  model: Pick<ChatModel, 'provider' | 'id'>;
  temperature: number;
  content: string;
  finishReason: AnswerTrace['finishReason'];
  completionTokens: number;
}

const ms = (x: number | null | undefined) => (x == null ? null : Math.round(x * 10) / 10);

/** `Q4_K_M`, `Q8_0`, `F16`… from a GGUF file name; null for anything else. */
export function quantizationOf(modelId: string): string | null {
  return /[._-](I?Q\d[A-Z0-9_]*|F16|F32|BF16)\.gguf$/i.exec(modelId)?.[1]?.toUpperCase() ?? null;
}

function rankMap(hits: ChunkHit[] | undefined): Map<string, { rank: number; score: number }> {
  return new Map((hits ?? []).map((h, i) => [h.chunkId, { rank: i + 1, score: h.score }]));
}

function candidates(input: TraceInput): TraceCandidate[] {
  const { search } = input.recorder;
  const order = search.fused ?? search.vector ?? search.keyword ?? [];
  const vector = rankMap(search.vector);
  const keyword = rankMap(search.keyword);
  const sent = new Map(input.prompt.sources.map((s, i) => [s.chunkId, { index: s.index, tokens: input.prompt.sourceTokens[i] ?? null }]));
  const retrieved = new Set(input.retrieved.map((r) => r.chunkId));
  return order.map((hit, i): TraceCandidate => {
    const source = sent.get(hit.chunkId);
    return {
      chunkId: hit.chunkId,
      documentId: hit.documentId,
      documentName: hit.documentName,
      page: hit.page,
      vectorRank: vector.get(hit.chunkId)?.rank ?? null,
      vectorScore: vector.get(hit.chunkId)?.score ?? null,
      keywordRank: keyword.get(hit.chunkId)?.rank ?? null,
      keywordScore: keyword.get(hit.chunkId)?.score ?? null,
      fusedRank: i + 1,
      fusedScore: hit.score,
      status: source ? 'sent' : retrieved.has(hit.chunkId) ? 'dropped' : 'candidate',
      sourceIndex: source?.index ?? null,
      tokens: source?.tokens ?? null,
    };
  });
}

/** Warnings a reader should see first, worked out from the rest of the trace. */
export function traceWarnings(trace: Omit<AnswerTrace, 'warnings'>): string[] {
  const out: string[] = [];
  const { citations, prompt } = trace;
  if (trace.retrieval.candidates.length === 0) out.push('No document matched the question; the model had no sources.');
  if (prompt.droppedSources) out.push(`${prompt.droppedSources} retrieved source(s) did not fit the context budget and were left out.`);
  if (trace.finishReason === 'length') out.push('The answer stopped at the token limit (Max tokens in Settings).');
  if (trace.finishReason === 'aborted') out.push('The answer was stopped before it finished.');
  for (const n of citations.dangling) out.push(`The answer cites [${n}], which names no source.`);
  for (const c of citations.cited) if (c.supported === false) out.push(`Source [${c.index}] may not support: “${c.sentence}”`);
  if (citations.uncitedSentences.length) out.push(`${citations.uncitedSentences.length} sentence(s) cite no source.`);
  return out;
}

/** The whole trace, assembled once the stream has ended (the citation check comes later). */
export function buildTrace(input: TraceInput): AnswerTrace {
  const { recorder, prompt } = input;
  const { search } = recorder;
  const firstToken = recorder.at('firstToken');
  const end = recorder.at('end') ?? performance.now() - recorder.arrivedAt;
  const prompted = recorder.at('prompted') ?? 0;
  const retrieved = recorder.at('retrieved') ?? 0;
  const model = recorder.at('model') ?? 0;
  const generating = firstToken === null ? 0 : end - firstToken;
  const trace: Omit<AnswerTrace, 'warnings'> = {
    version: 1,
    finishReason: input.finishReason,
    retrieval: { query: input.query, mode: input.mode, k: input.k, candidates: candidates(input) },
    prompt: {
      contextSize: input.contextSize,
      reservedForAnswer: prompt.maxTokens,
      ...prompt.budget,
      total: prompt.promptTokens,
      droppedMessages: prompt.droppedMessages,
      droppedSources: prompt.droppedSources,
    },
    model: { provider: input.model.provider, id: input.model.id, quantization: quantizationOf(input.model.id), temperature: input.temperature, maxTokens: prompt.maxTokens },
    timings: {
      modelMs: ms(model)!,
      embedQueryMs: ms(search.embedQueryMs),
      // The vector side's time includes embedding the query; the trace shows the two apart.
      vectorSearchMs: ms(search.vectorMs === undefined ? undefined : search.vectorMs - (search.embedQueryMs ?? 0)),
      keywordSearchMs: ms(search.keywordMs),
      fusionMs: ms(search.fusionMs),
      retrievalMs: ms(retrieved - model)!,
      promptMs: ms(prompted - retrieved)!,
      waitForModelMs: ms(firstToken === null ? null : firstToken - prompted),
      firstTokenMs: ms(firstToken),
      totalMs: ms(end)!,
      completionTokens: input.completionTokens,
      tokensPerSecond: generating > 0 && input.completionTokens > 1 ? Math.round(((input.completionTokens - 1) / generating) * 10_000) / 10 : null,
    },
    citations: analyseCitations(input.content, prompt.sources.map((s) => s.index)),
  };
  return { ...trace, warnings: traceWarnings(trace) };
}
