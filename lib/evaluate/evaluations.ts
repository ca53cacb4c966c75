import { randomUUID } from 'node:crypto';
import type { Database } from '@/db';
import { getVisibleCollectionId } from '@/db/queries/collections';
import {
  type EvaluationQuestionRow,
  type EvaluationRow,
  getEvaluationById,
  insertEvaluation,
  listEvaluationQuestions,
  listEvaluations,
} from '@/db/queries/evaluations';
import type { Viewer } from '../auth/viewer';
import { validateCollectionName } from '../documents/documents';
import { sanitizeFileName } from '../documents/file-name';
import { env } from '../env';
import { notFound, unprocessable } from '../errors';
import { activeEmbeddingModel } from '../runtime';
import { loadSettings } from '../settings';
import { kindOf, parseQuestionSet } from './question-set';
import type { EvaluationMetrics, QuestionResult } from './score';

/** A run as GET /api/evaluations lists it (the wire type; components import it as a type). */
export interface EvaluationView extends Omit<EvaluationRow, 'createdAt' | 'updatedAt' | 'metrics' | 'settings'> {
  metrics: EvaluationMetrics | null;
  settings: EvaluationSettings;
  createdAt: string;
  updatedAt: string;
}

/** What a run ran with, so two runs can be told apart and compared. */
export interface EvaluationSettings {
  llmProvider: string;
  llmModel: string;
  embedder: string;
  topK: number;
  retrievalMode: string;
  chunkTokens: number;
  chunkOverlap: number;
  rrfK: number;
  temperature: number;
  maxTokens: number;
}

export interface EvaluationQuestionView extends Omit<EvaluationQuestionRow, 'result'> {
  result: QuestionResult | null;
}

export interface EvaluationDetail extends EvaluationView {
  questions: EvaluationQuestionView[];
}

const toView = (row: EvaluationRow): EvaluationView => ({
  ...row,
  metrics: row.metrics as EvaluationMetrics | null,
  settings: row.settings as unknown as EvaluationSettings,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});

async function settingsSnapshot(db: Database): Promise<EvaluationSettings> {
  const s = await loadSettings(db);
  const e = env();
  return {
    llmProvider: s.llmProvider ?? e.LLM_PROVIDER,
    llmModel: s.llmModel ?? e.LLM_MODEL ?? 'the default model',
    embedder: await activeEmbeddingModel(),
    topK: s.topK,
    retrievalMode: s.retrievalMode,
    chunkTokens: s.chunkTokens,
    chunkOverlap: s.chunkOverlap,
    rrfK: s.rrfK,
    temperature: s.temperature,
    maxTokens: s.maxTokens,
  };
}

/** Stores a run and its questions, queued; the caller starts its job. Nothing is stored when the set is refused. */
export async function createEvaluation(
  db: Database,
  viewer: Viewer,
  file: { fileName: string; content: Buffer },
  collectionName: string | undefined,
): Promise<{ id: string }> {
  const collection = validateCollectionName(collectionName);
  if (!(await getVisibleCollectionId(db, viewer.userId, collection))) {
    throw unprocessable('unknown_collection', `There is no collection "${collection}" you can use; upload documents to it first, or pick another.`);
  }
  const questions = parseQuestionSet(file.fileName, file.content);
  const id = randomUUID();
  const settings = await settingsSnapshot(db);
  await db.transaction((tx) =>
    insertEvaluation(tx, { id, ownerId: viewer.userId, name: sanitizeFileName(file.fileName) || 'questions', collection, kind: kindOf(questions), settings }, questions),
  );
  return { id };
}

/** GET /api/evaluations. */
export interface EvaluationList {
  evaluations: EvaluationView[];
}

export async function listEvaluationViews(db: Database, viewer: Viewer): Promise<EvaluationView[]> {
  return (await listEvaluations(db, viewer.userId)).map(toView);
}

export async function findEvaluation(db: Database, viewer: Viewer, id: string): Promise<EvaluationDetail> {
  const row = await getEvaluationById(db, viewer.userId, id);
  if (!row) throw notFound('The evaluation');
  const questions = await listEvaluationQuestions(db, row.id);
  return { ...toView(row), questions: questions.map((q) => ({ ...q, result: q.result as QuestionResult | null })) };
}
