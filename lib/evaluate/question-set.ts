import Papa from 'papaparse';
import { z } from 'zod';
import { badRequest, unprocessable } from '../errors';

/** One question of an uploaded set: `question`, optional `expected_answer`, optional `expected_documents` (document names). */
export interface SetQuestion {
  question: string;
  expectedAnswer: string | null;
  expectedDocuments: string[];
}

export const MAX_QUESTIONS = 500;
export const MAX_SET_BYTES = 2 * 1024 * 1024;

const row = z.object({
  question: z.string().trim().min(1, 'question is empty').max(2000, 'question is longer than 2,000 characters'),
  expected_answer: z.string().trim().max(2000).nullish(),
  expected_documents: z.union([z.array(z.string().trim().max(300)).max(50), z.string().max(5000)]).nullish(),
});

/** CSV cells hold several document names separated by `;` or `|`. */
const documentList = (value: string[] | string | null | undefined) =>
  (typeof value === 'string' ? value.split(/[;|]/) : (value ?? [])).map((d) => d.trim()).filter(Boolean);

function toQuestion(value: unknown, where: string): SetQuestion {
  const parsed = row.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unprocessable('invalid_question_set', `${where}: ${issue.path.join('.') || 'row'} — ${issue.message}. Each row needs a "question"; "expected_answer" and "expected_documents" are optional.`);
  }
  return { question: parsed.data.question, expectedAnswer: parsed.data.expected_answer || null, expectedDocuments: documentList(parsed.data.expected_documents) };
}

function parseJsonl(text: string): SetQuestion[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw unprocessable('invalid_question_set', `Line ${i + 1} is not JSON; a JSONL question set has one {"question": …} object per line.`);
    }
    return [toQuestion(value, `Line ${i + 1}`)];
  });
}

function parseCsv(text: string): SetQuestion[] {
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  if (!result.meta.fields?.includes('question')) {
    throw unprocessable('invalid_question_set', 'The CSV has no "question" column; its first row must name the columns question, expected_answer, expected_documents.');
  }
  return result.data.map((r, i) => toQuestion(r, `Row ${i + 2}`));
}

/** Reads an uploaded question set (JSONL or CSV, told apart by name, then by content). */
export function parseQuestionSet(fileName: string, content: Buffer): SetQuestion[] {
  if (content.length === 0) throw badRequest('empty_file', 'The question set is empty; upload a JSONL or CSV file with a "question" per row.');
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const jsonl = /\.jsonl?$/i.test(fileName) || (!/\.csv$/i.test(fileName) && text.trimStart().startsWith('{'));
  const questions = jsonl ? parseJsonl(text) : parseCsv(text);
  if (questions.length === 0) throw unprocessable('invalid_question_set', 'The question set has no questions; add one row per question.');
  if (questions.length > MAX_QUESTIONS) throw unprocessable('too_many_questions', `The set has ${questions.length} questions; split it into runs of at most ${MAX_QUESTIONS}.`);
  return questions;
}

/** Retrieval-only (no model, fast) when no question has an expected answer but every one names its documents. */
export function kindOf(questions: SetQuestion[]): 'answers' | 'retrieval' {
  return questions.every((q) => !q.expectedAnswer && q.expectedDocuments.length > 0) ? 'retrieval' : 'answers';
}
