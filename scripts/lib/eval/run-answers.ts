import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getChatModel } from '@/lib/chat/providers';
import { env, resetEnvCache } from '@/lib/env';
import { askQuestion } from '@/lib/evaluate/ask';
import { type EvaluationMetrics, type QuestionResult, scoreAnswer, summarize } from '@/lib/evaluate/score';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { loadSettings, saveSettings, type Settings } from '@/lib/settings';
import { ingestCorpus } from './ingest-corpus';
import { passageFileName, type QaDataset, type QaQuestion } from './qa-dataset';

export interface AnswerEvalOptions {
  data: QaDataset;
  questions: QaQuestion[];
  maxTokens: number;
  /** Questions also asked against a collection without their context (refusal rate); 0 skips it. */
  refusalQuestions: number;
  /** The admin setting to answer with (free: as the model writes). */
  citationFormat?: NonNullable<Settings['citationFormat']>;
  log?: (line: string) => void;
}

export interface AnswerEvalReport {
  dataset: string;
  format: QaDataset['format'];
  provider: string;
  model: string;
  embedder: string;
  passages: number;
  ingestSeconds: number;
  metrics: EvaluationMetrics;
  /** Asked against a collection lacking their context: the share that refused (higher is better). */
  refusal: { asked: number; rate: number | null };
  questions: (Pick<QuestionResult, 'answer' | 'exactMatch' | 'f1' | 'answerInSources' | 'citationPrecision' | 'citedDocuments' | 'firstTokenMs'> & {
    id: string;
    question: string;
    expected: string[];
  })[];
}

const ANSWERS = 'eval-answers';
const UNRELATED = 'eval-unrelated';
/** Passages for the refusal collection: from questions outside the sample, so none holds a sampled answer's context. */
const UNRELATED_PASSAGES = 20;

/**
 * `npm run eval -- --answers`: ingests the sampled questions' context passages through the
 * normal pipeline into a fresh embedded database, asks every question through the code behind
 * /v1/chat/completions with the configured provider and model (LLM_PROVIDER, LLM_MODEL), and
 * scores the answers with lib/evaluate — the metrics the Evaluate page reports.
 */
export async function runAnswerEval(opts: AnswerEvalOptions): Promise<AnswerEvalReport> {
  const log = opts.log ?? (() => undefined);
  // The answer path reads the process's database: point it at a throwaway PGlite directory.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-eval-answers-'));
  process.env.MODELS_DIR = env().MODELS_DIR; // models stay where they are
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  resetEnvCache();
  try {
    const db = await getDatabase();
    const embedding = await getEmbeddingContext();
    if (opts.citationFormat) await saveSettings(db, { citationFormat: opts.citationFormat });
    const settings = await loadSettings(db);
    const model = await getChatModel(settings);

    const sampled = new Set(opts.questions.flatMap((q) => q.contextTitles));
    const unrelated = [...opts.data.passages.keys()].filter((t) => !sampled.has(t)).slice(0, UNRELATED_PASSAGES);
    const toDocs = (titles: Iterable<string>) =>
      [...titles].flatMap((t) => (opts.data.passages.has(t) ? [{ id: passageFileName(t).slice(0, -4), text: opts.data.passages.get(t)! }] : []));
    const pipeline = { chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: 8 };
    log(`ingesting ${sampled.size} passages (+${unrelated.length} unrelated) with ${embedding.embedder.model}`);
    const ingested = await ingestCorpus(db, embedding, toDocs(sampled), { ...pipeline, collection: ANSWERS });
    if (unrelated.length) await ingestCorpus(db, embedding, toDocs(unrelated), { ...pipeline, collection: UNRELATED });

    const results: QuestionResult[] = [];
    const rows: AnswerEvalReport['questions'] = [];
    for (const [i, q] of opts.questions.entries()) {
      const asked = await askQuestion({ viewerId: null, question: q.question, collection: ANSWERS, maxTokens: opts.maxTokens });
      const result = scoreAnswer({
        answer: asked.answer, expectedAnswers: q.answers, expectedDocuments: q.goldTitles.map(passageFileName),
        sources: asked.sources, cited: asked.cited, chatId: asked.chatId, trace: asked.trace, k: settings.topK,
      });
      results.push(result);
      rows.push({ id: q.id, question: q.question, expected: q.answers, answer: result.answer, exactMatch: result.exactMatch, f1: result.f1,
        answerInSources: result.answerInSources, citationPrecision: result.citationPrecision, citedDocuments: result.citedDocuments, firstTokenMs: result.firstTokenMs });
      log(`answered ${i + 1}/${opts.questions.length} (F1 ${result.f1?.toFixed(2)})`);
    }

    const refusalAsked = unrelated.length ? opts.questions.slice(0, opts.refusalQuestions) : [];
    let refused = 0;
    for (const [i, q] of refusalAsked.entries()) {
      const asked = await askQuestion({ viewerId: null, question: q.question, collection: UNRELATED, maxTokens: opts.maxTokens });
      if (scoreAnswer({ answer: asked.answer, expectedAnswers: [], expectedDocuments: [], sources: [], cited: [], chatId: null, trace: null, k: 1 }).refused) refused++;
      log(`refusal check ${i + 1}/${refusalAsked.length}`);
    }

    const metrics = summarize(results);
    return {
      dataset: opts.data.name,
      format: opts.data.format,
      provider: model.provider,
      model: model.id,
      embedder: embedding.embedder.model,
      passages: sampled.size,
      ingestSeconds: Math.round(ingested.seconds * 10) / 10,
      // Refusal is measured on the unrelated collection, not on the answerable questions.
      metrics: { ...metrics, refusalRate: refusalAsked.length ? refused / refusalAsked.length : null },
      refusal: { asked: refusalAsked.length, rate: refusalAsked.length ? refused / refusalAsked.length : null },
      questions: rows,
    };
  } finally {
    await shutdownRuntime();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, digits = 0) => (x === null ? '–' : x.toFixed(digits));

export function formatAnswerReport(r: AnswerEvalReport): string {
  const m = r.metrics;
  return [
    `Answer quality on ${r.dataset} (${r.format}, ${m.questions} questions, ${r.passages} passages ingested in ${r.ingestSeconds} s)`,
    `provider ${r.provider}, model ${r.model}, embedder ${r.embedder}`,
    '',
    `exact match          ${pct(m.exactMatch)}`,
    `token F1             ${pct(m.f1)}`,
    `answer in sources    ${pct(m.answerInSources)}`,
    `citation precision   ${pct(m.citationPrecision)}`,
    `refusal rate         ${pct(r.refusal.rate)} (asked ${r.refusal.asked} questions on a collection lacking their context)`,
    `first token p50/p95  ${num(m.firstTokenP50Ms)} / ${num(m.firstTokenP95Ms)} ms`,
    `tokens/s             ${num(m.tokensPerSecond, 1)}`,
    `unsupported citations ${m.unsupportedCitations}`,
  ].join('\n');
}
