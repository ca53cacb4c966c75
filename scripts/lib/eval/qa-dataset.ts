import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../cli-args';

/** A QA set as `eval --answers` uses it: passages to ingest and questions with gold answers. */
export interface QaDataset {
  name: string;
  format: 'squad' | 'hotpotqa';
  questions: QaQuestion[];
  /** Passage title → text, for every passage some question's context holds. */
  passages: Map<string, string>;
}

export interface QaQuestion {
  id: string;
  question: string;
  answers: string[];
  /** The passages the answer comes from (HotpotQA supporting facts; SQuAD the question's paragraph). */
  goldTitles: string[];
  /** Every passage of the question's context (HotpotQA adds eight distractors to the gold two). */
  contextTitles: string[];
}

/** A title as a document name: path separators would be stripped from an upload's name, so they become dashes. */
export const passageFileName = (title: string) => `${title.replace(/[/\\]/g, '-')}.txt`;

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not readable JSON (${(err as Error).message})`);
  }
}

function fromSquad(name: string, data: { data: { title: string; paragraphs: { context: string; qas: { id: string; question: string; answers: { text: string }[] }[] }[] }[] }): QaDataset {
  const passages = new Map<string, string>();
  const questions: QaQuestion[] = [];
  for (const article of data.data) {
    const titles = article.paragraphs.map((_, i) => `${article.title} ${i + 1}`);
    article.paragraphs.forEach((p, i) => {
      passages.set(titles[i], p.context);
      for (const qa of p.qas) {
        questions.push({ id: qa.id, question: qa.question, answers: qa.answers.map((a) => a.text), goldTitles: [titles[i]], contextTitles: titles });
      }
    });
  }
  return { name, format: 'squad', questions, passages };
}

type HotpotItem = { _id: string; question: string; answer: string; supporting_facts: [string, number][]; context: [string, string[]][] };

function fromHotpot(name: string, items: HotpotItem[]): QaDataset {
  const passages = new Map<string, string>();
  const questions = items.map((item): QaQuestion => {
    for (const [title, sentences] of item.context) passages.set(title, sentences.join('').trim());
    return {
      id: item._id,
      question: item.question,
      answers: [item.answer],
      goldTitles: [...new Set(item.supporting_facts.map(([title]) => title))],
      contextTitles: item.context.map(([title]) => title),
    };
  });
  return { name, format: 'hotpotqa', questions, passages };
}

/**
 * Reads a SQuAD JSON file (`data[].paragraphs[].context/qas[]`) or a HotpotQA file (a list of
 * `_id, question, answer, supporting_facts, context`), or the first such file in a folder
 * (a `*_corpus.json` beside it is not needed: contexts carry their passages).
 */
export function loadQaDataset(target: string): QaDataset {
  if (!fs.existsSync(target)) throw new UsageError(`--dataset ${target} does not exist`);
  const files = fs.statSync(target).isDirectory()
    ? fs.readdirSync(target).filter((f) => f.endsWith('.json') && !f.includes('corpus')).sort().map((f) => path.join(target, f))
    : [target];
  for (const file of files) {
    const data = readJson(file) as any;
    const name = path.basename(file, '.json');
    if (Array.isArray(data?.data)) return fromSquad(name, data);
    if (Array.isArray(data) && data[0]?.question !== undefined && Array.isArray(data[0]?.context)) return fromHotpot(name, data);
  }
  throw new UsageError(`--answers needs a SQuAD JSON file (data[].paragraphs[].qas[]) or HotpotQA JSON in ${target}`);
}

const order = (id: string) => createHash('sha256').update(id).digest('hex');

/** `limit` questions picked by the hash of their ids: the same on every run and machine, spread over the set. */
export function sampleQuestions(questions: QaQuestion[], limit?: number): QaQuestion[] {
  if (limit === undefined || limit >= questions.length) return questions;
  return [...questions].sort((a, b) => order(a.id).localeCompare(order(b.id))).slice(0, limit);
}
