import type { Database, Transaction } from '@/db';
import { getEvaluationJob, listEvaluationQuestions, setEvaluationQuestionResult, setEvaluationState } from '@/db/queries/evaluations';
import { describeError, isAppError } from '../errors';
import { getEmbeddingContext } from '../runtime';
import { searchChunks } from '../search/search';
import { loadSettings } from '../settings';
import { askQuestion } from './ask';
import { type QuestionResult, scoreAnswer, scoreRetrieval, summarize } from './score';

/**
 * What a run needs from whoever runs it: the job runner's JobContext (lib/jobs) has exactly
 * this shape — `progress` is also the lease heartbeat, `lock` guards the final write.
 */
export interface EvaluationContext {
  db: Database;
  signal: AbortSignal;
  progress(fraction: number, force?: boolean): Promise<void>;
  lock(tx: Transaction): Promise<void>;
}

// Retrieval-only runs rank this many chunks, so nDCG@10 has ten documents' worth to score.
const RETRIEVAL_DEPTH = 20;

/**
 * Runs one evaluation: every question not yet scored (a reclaimed run resumes where it
 * stopped), each result stored as it comes, then the metrics and `done`. A question that
 * fails (model busy, a bad row) is stored with its error and counted, never the whole run.
 */
export async function runEvaluation(id: string, ctx: EvaluationContext): Promise<void> {
  const { db } = ctx;
  const run = await getEvaluationJob(db, id);
  if (!run) return;
  const settings = await loadSettings(db);
  const questions = await listEvaluationQuestions(db, id);
  const results: QuestionResult[] = [];
  let done = 0;
  for (const q of questions) {
    if (q.result) {
      results.push(q.result as unknown as QuestionResult);
      done++;
      continue;
    }
    ctx.signal.throwIfAborted();
    let result: QuestionResult;
    try {
      if (run.kind === 'retrieval') {
        const hits = await searchChunks(db, await getEmbeddingContext(), settings, {
          query: q.question, k: Math.max(RETRIEVAL_DEPTH, settings.topK), mode: settings.retrievalMode, viewerId: run.ownerId, collection: run.collection,
        });
        result = scoreRetrieval([...new Set(hits.map((h) => h.documentName))], q.expectedDocuments, settings.topK);
      } else {
        const asked = await askQuestion({ viewerId: run.ownerId, question: q.question, collection: run.collection }, ctx.signal);
        result = scoreAnswer({
          answer: asked.answer, expectedAnswers: q.expectedAnswer ? [q.expectedAnswer] : [], expectedDocuments: q.expectedDocuments,
          sources: asked.sources, cited: asked.cited, chatId: asked.chatId, trace: asked.trace, k: settings.topK,
        });
      }
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      result = { ...scoreRetrieval([], [], 1), error: isAppError(err) ? err.message : `This question failed: ${describeError(err)}` };
    }
    await setEvaluationQuestionResult(db, id, q.ordinal, result);
    results.push(result);
    await ctx.progress(++done / questions.length, true);
  }
  await db.transaction(async (tx) => {
    await ctx.lock(tx);
    await setEvaluationState(tx, id, { status: 'done', progress: 1, metrics: summarize(results), error: null });
  });
}
