import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnswerMode } from '@/lib/chat/answer-choices';
import { getChatModel } from '@/lib/chat/providers';
import { quotesModel } from '@/lib/chat/quotes';
import { env, resetEnvCache } from '@/lib/env';
import { stripCitations } from '@/lib/chat/citations';
import { askQuestion } from '@/lib/evaluate/ask';
import { containsAnswer } from '@/lib/evaluate/answer-metrics';
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
  /** Modes to answer in, one after the other over the same ingested collection (default: generate). */
  answerModes?: AnswerMode[];
  log?: (line: string) => void;
}

type QuestionRow = Pick<QuestionResult, 'answer' | 'exactMatch' | 'f1' | 'answerInSources' | 'citationPrecision' | 'citedDocuments' | 'firstTokenMs'> & {
  id: string;
  question: string;
  expected: string[];
  /** The citation check's verdict per cited source (the trace's `supported`). */
  supported: (boolean | null)[];
};

/** One answer mode's results: the same questions and scoring as every other mode in the report. */
export interface AnswerModeRun {
  answerMode: AnswerMode;
  metrics: EvaluationMetrics;
  /** Share of answers that cite at least one source the model was given. */
  citationRate: number | null;
  /**
   * Share of answers whose text holds a gold answer (yes/no excluded, as in answer-in-sources):
   * what token F1 hides for long answers, since a three-sentence quote holding the answer scores low F1.
   */
  answerInAnswer: number | null;
  /** Share of checked citations the citation check found supported by the source they cite. */
  supportedCitations: number | null;
  /** Asked against a collection lacking their context: the share that refused (higher is better). */
  refusal: { asked: number; rate: number | null };
  questions: QuestionRow[];
}

export interface AnswerEvalReport {
  dataset: string;
  format: QaDataset['format'];
  provider: string;
  model: string;
  embedder: string;
  passages: number;
  ingestSeconds: number;
  runs: AnswerModeRun[];
}

const ANSWERS = 'eval-answers';
const UNRELATED = 'eval-unrelated';
/** Passages for the refusal collection: from questions outside the sample, so none holds a sampled answer's context. */
const UNRELATED_PASSAGES = 20;

/**
 * `npm run eval -- --answers`: ingests the sampled questions' context passages through the
 * normal pipeline into a fresh embedded database, asks every question through the code behind
 * /v1/chat/completions with the configured provider and model (LLM_PROVIDER, LLM_MODEL) in each
 * answer mode asked for, and scores the answers with lib/evaluate — the metrics the Evaluate page reports.
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
    const modes = opts.answerModes ?? ['generate'];
    // Quotes need no model: a quotes-only run works on a machine without one.
    const model = modes.includes('generate') ? await getChatModel(settings) : quotesModel;

    const sampled = new Set(opts.questions.flatMap((q) => q.contextTitles));
    const unrelated = [...opts.data.passages.keys()].filter((t) => !sampled.has(t)).slice(0, UNRELATED_PASSAGES);
    const toDocs = (titles: Iterable<string>) =>
      [...titles].flatMap((t) => (opts.data.passages.has(t) ? [{ id: passageFileName(t).slice(0, -4), text: opts.data.passages.get(t)! }] : []));
    const pipeline = { chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: 8 };
    log(`ingesting ${sampled.size} passages (+${unrelated.length} unrelated) with ${embedding.embedder.model}`);
    const ingested = await ingestCorpus(db, embedding, toDocs(sampled), { ...pipeline, collection: ANSWERS });
    if (unrelated.length) await ingestCorpus(db, embedding, toDocs(unrelated), { ...pipeline, collection: UNRELATED });

    const runs: AnswerModeRun[] = [];
    for (const answerMode of modes) {
      runs.push(await runMode({ ...opts, answerMode, topK: settings.topK, refusalQuestions: unrelated.length ? opts.refusalQuestions : 0, log }));
    }
    return {
      dataset: opts.data.name,
      format: opts.data.format,
      provider: model.provider,
      model: model.id,
      embedder: embedding.embedder.model,
      passages: sampled.size,
      ingestSeconds: Math.round(ingested.seconds * 10) / 10,
      runs,
    };
  } finally {
    await shutdownRuntime();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Asks every question in one answer mode and scores it; then the refusal check in that mode. */
async function runMode(opts: AnswerEvalOptions & { answerMode: AnswerMode; topK: number; log: (line: string) => void }): Promise<AnswerModeRun> {
  const ask = (question: string, collection: string) =>
    askQuestion({ viewerId: null, question, collection, maxTokens: opts.maxTokens, answerMode: opts.answerMode });
  const results: QuestionResult[] = [];
  const rows: QuestionRow[] = [];
  for (const [i, q] of opts.questions.entries()) {
    const asked = await ask(q.question, ANSWERS);
    const result = scoreAnswer({
      answer: asked.answer, expectedAnswers: q.answers, expectedDocuments: q.goldTitles.map(passageFileName),
      sources: asked.sources, cited: asked.cited, chatId: asked.chatId, trace: asked.trace, k: opts.topK,
    });
    results.push(result);
    rows.push({ id: q.id, question: q.question, expected: q.answers, answer: result.answer, exactMatch: result.exactMatch, f1: result.f1,
      answerInSources: result.answerInSources, citationPrecision: result.citationPrecision, citedDocuments: result.citedDocuments, firstTokenMs: result.firstTokenMs,
      supported: asked.trace?.citations.cited.map((c) => c.supported) ?? [] });
    opts.log(`${opts.answerMode}: answered ${i + 1}/${opts.questions.length} (F1 ${result.f1?.toFixed(2)})`);
  }

  const refusalAsked = opts.questions.slice(0, opts.refusalQuestions);
  let refused = 0;
  for (const [i, q] of refusalAsked.entries()) {
    const asked = await ask(q.question, UNRELATED);
    if (scoreAnswer({ answer: asked.answer, expectedAnswers: [], expectedDocuments: [], sources: [], cited: [], chatId: null, trace: null, k: 1 }).refused) refused++;
    opts.log(`${opts.answerMode}: refusal check ${i + 1}/${refusalAsked.length}`);
  }
  const refusalRate = refusalAsked.length ? refused / refusalAsked.length : null;
  const verdicts = rows.flatMap((r) => r.supported).filter((v): v is boolean => v !== null);
  return {
    answerMode: opts.answerMode,
    // Refusal is measured on the unrelated collection, not on the answerable questions.
    metrics: { ...summarize(results), refusalRate },
    citationRate: rows.length ? rows.filter((r) => r.citedDocuments.length > 0).length / rows.length : null,
    answerInAnswer: rows.length ? rows.filter((r) => containsAnswer(stripCitations(r.answer ?? ''), r.expected)).length / rows.length : null,
    supportedCitations: verdicts.length ? verdicts.filter(Boolean).length / verdicts.length : null,
    refusal: { asked: refusalAsked.length, rate: refusalRate },
    questions: rows,
  };
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, digits = 0) => (x === null ? '–' : x.toFixed(digits));

/** The runs side by side, one column per answer mode. */
export function formatAnswerReport(r: AnswerEvalReport): string {
  const questions = r.runs[0]?.metrics.questions ?? 0;
  const row = (label: string, cell: (run: AnswerModeRun) => string) => `${label.padEnd(24)}${r.runs.map((run) => cell(run).padEnd(18)).join('')}`;
  return [
    `Answer quality on ${r.dataset} (${r.format}, ${questions} questions, ${r.passages} passages ingested in ${r.ingestSeconds} s)`,
    `provider ${r.provider}, model ${r.model}, embedder ${r.embedder}`,
    '',
    row('answer mode', (run) => run.answerMode),
    row('exact match', (run) => pct(run.metrics.exactMatch)),
    row('token F1', (run) => pct(run.metrics.f1)),
    row('answer in sources', (run) => pct(run.metrics.answerInSources)),
    row('answer in the answer', (run) => pct(run.answerInAnswer)),
    row('citation rate', (run) => pct(run.citationRate)),
    row('citation precision', (run) => pct(run.metrics.citationPrecision)),
    row('citations supported', (run) => pct(run.supportedCitations)),
    row('refusal rate', (run) => `${pct(run.refusal.rate)} (of ${run.refusal.asked})`),
    row('first token p50/p95 ms', (run) => `${num(run.metrics.firstTokenP50Ms)} / ${num(run.metrics.firstTokenP95Ms)}`),
    row('tokens/s', (run) => (run.answerMode === 'quotes' ? '– (nothing generated)' : num(run.metrics.tokensPerSecond, 1))),
    row('unsupported citations', (run) => String(run.metrics.unsupportedCitations)),
  ].join('\n');
}
