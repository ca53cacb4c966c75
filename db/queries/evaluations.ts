import type { Queryable } from '../types';
import { isUuid } from './ids';

export type EvaluationKind = 'answers' | 'retrieval';
export type EvaluationStatus = 'queued' | 'processing' | 'done' | 'failed';

export interface EvaluationRow {
  id: string;
  name: string;
  collection: string;
  kind: EvaluationKind;
  status: EvaluationStatus;
  progress: number;
  error: string | null;
  settings: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
  questionCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface EvaluationQuestionRow {
  ordinal: number;
  question: string;
  expectedAnswer: string | null;
  expectedDocuments: string[];
  result: Record<string, unknown> | null;
}

const SELECT_EVALUATION = `
  SELECT e.id, e.name, e.collection, e.kind, e.status, e.progress, e.error, e.settings, e.metrics,
         e.created_at AS "createdAt", e.updated_at AS "updatedAt",
         (SELECT count(*)::int FROM evaluation_questions q WHERE q.evaluation_id = e.id) AS "questionCount"
  FROM evaluations e`;

/** Runs are their owner's ($1: a user id, or NULL before any account exists). */
const OWNED = 'e.owner_id IS NOT DISTINCT FROM $1::uuid';

export async function insertEvaluation(
  q: Queryable,
  e: { id: string; ownerId: string | null; name: string; collection: string; kind: EvaluationKind; settings: unknown },
  questions: { question: string; expectedAnswer: string | null; expectedDocuments: string[] }[],
): Promise<void> {
  await q.query('INSERT INTO evaluations (id, owner_id, name, collection, kind, settings) VALUES ($1, $2, $3, $4, $5, $6::jsonb)', [
    e.id, e.ownerId, e.name, e.collection, e.kind, JSON.stringify(e.settings),
  ]);
  for (const [ordinal, item] of questions.entries()) {
    await q.query(
      'INSERT INTO evaluation_questions (evaluation_id, ordinal, question, expected_answer, expected_documents) VALUES ($1, $2, $3, $4, $5::text[])',
      [e.id, ordinal, item.question, item.expectedAnswer, item.expectedDocuments],
    );
  }
}

export async function listEvaluations(q: Queryable, ownerId: string | null, limit = 100): Promise<EvaluationRow[]> {
  const { rows } = await q.query<EvaluationRow>(`${SELECT_EVALUATION} WHERE ${OWNED} ORDER BY e.created_at DESC, e.id LIMIT $2`, [ownerId, limit]);
  return rows;
}

export async function getEvaluationById(q: Queryable, ownerId: string | null, id: string): Promise<EvaluationRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await q.query<EvaluationRow>(`${SELECT_EVALUATION} WHERE ${OWNED} AND e.id = $2`, [ownerId, id]);
  return rows[0] ?? null;
}

/** The run as its job sees it (no owner check: the job acts for the owner stored in the row). */
export async function getEvaluationJob(q: Queryable, id: string): Promise<(EvaluationRow & { ownerId: string | null }) | null> {
  const { rows } = await q.query<EvaluationRow & { ownerId: string | null }>(
    `${SELECT_EVALUATION.replace('SELECT e.id,', 'SELECT e.owner_id AS "ownerId", e.id,')} WHERE e.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listEvaluationQuestions(q: Queryable, evaluationId: string): Promise<EvaluationQuestionRow[]> {
  const { rows } = await q.query<EvaluationQuestionRow>(
    `SELECT ordinal, question, expected_answer AS "expectedAnswer", expected_documents AS "expectedDocuments", result
     FROM evaluation_questions WHERE evaluation_id = $1 ORDER BY ordinal`,
    [evaluationId],
  );
  return rows;
}

export async function setEvaluationQuestionResult(q: Queryable, evaluationId: string, ordinal: number, result: unknown): Promise<void> {
  await q.query('UPDATE evaluation_questions SET result = $3::jsonb WHERE evaluation_id = $1 AND ordinal = $2', [
    evaluationId, ordinal, JSON.stringify(result),
  ]);
}

export async function setEvaluationState(
  q: Queryable,
  id: string,
  state: { status?: EvaluationStatus; progress?: number; metrics?: unknown; error?: string | null },
): Promise<void> {
  await q.query(
    `UPDATE evaluations SET status = coalesce($2, status), progress = coalesce($3, progress),
       metrics = coalesce($4::jsonb, metrics), error = CASE WHEN $5::boolean THEN $6 ELSE error END, updated_at = now()
     WHERE id = $1`,
    [id, state.status ?? null, state.progress ?? null, state.metrics === undefined ? null : JSON.stringify(state.metrics), state.error !== undefined, state.error ?? null],
  );
}
