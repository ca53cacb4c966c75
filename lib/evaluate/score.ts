import { stripCitations } from '../chat/citations';
import type { AnswerTrace } from '../chat/trace-types';
import { citationPrecision, containsAnswer, documentKey, exactMatch, isRefusal, mean, quantile, tokenF1 } from './answer-metrics';
import { mrrAtK, ndcgAtK, recallAtK } from './retrieval-metrics';

/** One question's outcome, as the Evaluate page's rows and the CLI's JSON show it. */
export interface QuestionResult {
  answer: string | null;
  exactMatch: number | null;
  f1: number | null;
  /** A gold answer occurs in a source the model was given (the retrieval ceiling). */
  answerInSources: boolean | null;
  citationPrecision: number | null;
  citedDocuments: string[];
  /** Documents retrieved, best first (retrieval-only runs score these). */
  retrievedDocuments: string[];
  recall: number | null;
  ndcg: number | null;
  mrr: number | null;
  refused: boolean | null;
  firstTokenMs: number | null;
  tokensPerSecond: number | null;
  unsupportedCitations: number;
  chatId: string | null;
  trace: AnswerTrace | null;
  error: string | null;
}

export interface ScoreInput {
  answer: string;
  expectedAnswers: readonly string[];
  expectedDocuments: readonly string[];
  sources: readonly { text: string; documentName: string }[];
  cited: readonly { text: string; documentName: string }[];
  chatId: string | null;
  trace: AnswerTrace | null;
  k: number;
}

const uniqueDocuments = (items: readonly { documentName: string }[]) => [...new Set(items.map((s) => s.documentName))];

/** Document ranking scores against the expected documents (compared by name without extension). */
function retrievalScores(retrieved: string[], expectedDocuments: readonly string[], k: number) {
  if (!expectedDocuments.length) return { recall: null, ndcg: null, mrr: null };
  const judged = new Map(expectedDocuments.map((d) => [documentKey(d), 1]));
  const ranked = retrieved.map(documentKey);
  return { recall: recallAtK(ranked, judged, k), ndcg: ndcgAtK(ranked, judged, 10), mrr: mrrAtK(ranked, judged, k) };
}

/** Scores an answered question; metrics whose gold data is missing stay null. */
export function scoreAnswer(input: ScoreInput): QuestionResult {
  const golds = input.expectedAnswers.filter((g) => g.trim());
  // The model's words, not its citation marks, are compared with the gold answer.
  const plain = stripCitations(input.answer);
  const retrievedDocuments = uniqueDocuments(input.sources);
  return {
    answer: input.answer,
    exactMatch: golds.length ? exactMatch(plain, golds) : null,
    f1: golds.length ? tokenF1(plain, golds) : null,
    answerInSources: golds.length ? input.sources.some((s) => containsAnswer(s.text, golds)) : null,
    citationPrecision: golds.length || input.expectedDocuments.length ? citationPrecision(input.cited, golds, input.expectedDocuments) : null,
    citedDocuments: uniqueDocuments(input.cited),
    retrievedDocuments,
    ...retrievalScores(retrievedDocuments, input.expectedDocuments, input.k),
    refused: isRefusal(input.answer),
    firstTokenMs: input.trace?.timings.firstTokenMs ?? null,
    tokensPerSecond: input.trace?.timings.tokensPerSecond ?? null,
    unsupportedCitations: input.trace?.citations.cited.filter((c) => c.supported === false).length ?? 0,
    chatId: input.chatId,
    trace: input.trace,
    error: null,
  };
}

/** Scores a retrieval-only question: the ranked documents against the expected ones. */
export function scoreRetrieval(retrievedDocuments: string[], expectedDocuments: readonly string[], k: number): QuestionResult {
  return {
    answer: null, exactMatch: null, f1: null, answerInSources: null, citationPrecision: null, citedDocuments: [], retrievedDocuments,
    ...retrievalScores(retrievedDocuments, expectedDocuments, k),
    refused: null, firstTokenMs: null, tokensPerSecond: null, unsupportedCitations: 0, chatId: null, trace: null, error: null,
  };
}

export interface EvaluationMetrics {
  questions: number;
  failed: number;
  exactMatch: number | null;
  f1: number | null;
  answerInSources: number | null;
  citationPrecision: number | null;
  /** Share of answers that refused; on a collection lacking the context, higher is better. */
  refusalRate: number | null;
  recall: number | null;
  ndcg: number | null;
  mrr: number | null;
  firstTokenP50Ms: number | null;
  firstTokenP95Ms: number | null;
  tokensPerSecond: number | null;
  unsupportedCitations: number;
}

const present = <T>(values: (T | null)[]) => values.filter((v): v is T => v !== null);
const rate = (values: (boolean | null)[]) => mean(present(values).map((v) => (v ? 1 : 0)));

/** Means over the questions that have each metric, TTFT percentiles, and counts. */
export function summarize(results: readonly QuestionResult[]): EvaluationMetrics {
  const ok = results.filter((r) => r.error === null);
  const firstTokens = present(ok.map((r) => r.firstTokenMs));
  return {
    questions: results.length,
    failed: results.length - ok.length,
    exactMatch: mean(present(ok.map((r) => r.exactMatch))),
    f1: mean(present(ok.map((r) => r.f1))),
    answerInSources: rate(ok.map((r) => r.answerInSources)),
    citationPrecision: mean(present(ok.map((r) => r.citationPrecision))),
    refusalRate: rate(ok.map((r) => r.refused)),
    recall: mean(present(ok.map((r) => r.recall))),
    ndcg: mean(present(ok.map((r) => r.ndcg))),
    mrr: mean(present(ok.map((r) => r.mrr))),
    firstTokenP50Ms: quantile(firstTokens, 0.5),
    firstTokenP95Ms: quantile(firstTokens, 0.95),
    tokensPerSecond: mean(present(ok.map((r) => r.tokensPerSecond))),
    unsupportedCitations: ok.reduce((n, r) => n + r.unsupportedCitations, 0),
  };
}
