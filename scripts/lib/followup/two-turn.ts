import fs from 'node:fs';
import path from 'node:path';

/**
 * A two-turn labelled set built from HotpotQA (shared/datasets/qa/hotpotqa-sample): turn one
 * names an entity the question is about, turn two is the question with that entity replaced
 * by "it". The relevant passages are the question's supporting facts. Deterministic: the
 * questions that name one of their supporting titles, in file order.
 */
export interface TwoTurnCase {
  id: string;
  /** The original question, standalone. */
  standalone: string;
  /** Turn one: names the entity. */
  first: string;
  /** Turn two: the question with the entity as a pronoun. */
  followUp: string;
  /** Titles of the supporting passages. */
  relevant: string[];
}

export interface Passage {
  title: string;
  text: string;
}

interface HotpotQuestion {
  _id: string;
  question: string;
  supporting_facts: [string, number][];
  context: [string, string[]][];
}

const bareName = (title: string) => title.replace(/\s*\(.*\)$/, '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function buildTwoTurnSet(dir: string, limit?: number): { cases: TwoTurnCase[]; passages: Passage[] } {
  const questions = JSON.parse(fs.readFileSync(path.join(dir, 'hotpotqa_train.json'), 'utf8')) as HotpotQuestion[];
  const cases: TwoTurnCase[] = [];
  const passages = new Map<string, Passage>();
  for (const q of questions) {
    if (limit !== undefined && cases.length >= limit) break;
    const relevant = [...new Set(q.supporting_facts.map(([title]) => title))];
    // The supporting title named earliest in the question becomes turn one's subject.
    const named = relevant
      .map((title) => ({ title, at: q.question.toLowerCase().indexOf(bareName(title).toLowerCase()) }))
      .filter((n) => n.at >= 0)
      .sort((a, b) => a.at - b.at)[0];
    if (!named) continue;
    const name = bareName(named.title);
    const followUp = q.question.replace(new RegExp(`(the )?${escape(name)}('s)?`, 'i'), (_m, _the, possessive) => (possessive ? 'its' : 'it'));
    cases.push({ id: q._id, standalone: q.question, first: `Tell me about ${name}.`, followUp, relevant });
    for (const [title, sentences] of q.context) passages.set(title, { title, text: sentences.join('').trim() });
  }
  return { cases, passages: [...passages.values()] };
}
