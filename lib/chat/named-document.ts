import type { Queryable } from '@/db';
import { findDocumentsNamedIn, type NamedDocumentCandidate } from '@/db/queries/named-documents';

/**
 * "Summarise handbook.pdf", "what does the onboarding guide say?": a question that names one of
 * the caller's documents is answered from that document read whole (lib/chat/whole-document.ts)
 * instead of from search. Conservative, because a wrong guess replaces search for an ordinary
 * question: a document counts as named only when the question has
 *  - its file name with the extension ("handbook.pdf", "employee_handbook.docx"), or
 *  - its name or title in quotes ("summarise “Onboarding Guide”"), or
 *  - its name or title (two words or more) after "the/my/our/this/that", ending in or followed
 *    by a word for a document ("the onboarding guide", "the climate-change report"),
 * always as whole words, and only when exactly one document fits (else: search as usual).
 */

const DOCUMENT_NOUNS = new Set([
  'guide', 'handbook', 'manual', 'report', 'policy', 'document', 'doc', 'paper', 'notes', 'spec', 'specification',
  'slides', 'deck', 'contract', 'agreement', 'book', 'file', 'pdf', 'readme', 'faq', 'plan', 'proposal', 'memo',
  'letter', 'article', 'thesis', 'whitepaper', 'brochure', 'presentation', 'minutes', 'transcript', 'summary',
]);
const DETERMINERS = new Set(['the', 'my', 'our', 'this', 'that', 'your']);
const QUOTES = /["'“”‘’«»`]/;

/** The comparison form (NORMALISE_SQL's twin): lower case, `-`, `_` and whitespace runs as one space. */
export const normaliseName = (text: string) => text.toLowerCase().replace(/[-_\s]+/g, ' ');

const isWordChar = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);

/** Every whole-word occurrence of `phrase` in `text`: [start, end) pairs. */
function occurrences(text: string, phrase: string): [number, number][] {
  const out: [number, number][] = [];
  if (!phrase.trim()) return out;
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
    const end = i + phrase.length;
    if (!isWordChar(text[i - 1]) && !isWordChar(text[end])) out.push([i, end]);
  }
  return out;
}

const stemOf = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
const wordsOf = (text: string) => text.trim().split(' ').filter(Boolean);

/** How strongly `question` names the document by `phrase` (its stem or title): 0 = not at all. */
function phraseStrength(question: string, phrase: string): number {
  const words = wordsOf(phrase);
  for (const [start, end] of occurrences(question, phrase)) {
    const before = question.slice(0, start).trimEnd();
    if (QUOTES.test(before.at(-1) ?? '') && QUOTES.test(question.slice(end).trimStart()[0] ?? '')) return 2;
    if (words.length < 2) continue;
    const previous = wordsOf(before.replace(/[^\p{L}\p{N}\s]/gu, ' ')).at(-1) ?? '';
    const next = wordsOf(question.slice(end).replace(/[^\p{L}\p{N}\s]/gu, ' ')).at(0) ?? '';
    const documentWord = DOCUMENT_NOUNS.has(words.at(-1)!) || DOCUMENT_NOUNS.has(next);
    if (DETERMINERS.has(previous) && documentWord) return 1;
  }
  return 0;
}

/** 3: file name with extension; 2: name or title in quotes; 1: "the … guide"; 0: not named. */
export function namingStrength(question: string, doc: Pick<NamedDocumentCandidate, 'name' | 'title'>): number {
  const q = normaliseName(question);
  const name = normaliseName(doc.name);
  if (name !== stemOf(name) && occurrences(q, name).length) return 3;
  const phrases = [stemOf(name), doc.title ? normaliseName(doc.title).trim() : ''].filter((p) => p.length >= 3);
  return Math.max(0, ...phrases.map((p) => phraseStrength(q, p)));
}

/** The one document `question` names among those the viewer can see, or null (see above). */
export async function documentNamedIn(q: Queryable, viewerId: string | null, question: string, collection?: string): Promise<string | null> {
  if (!question.trim()) return null;
  const candidates = await findDocumentsNamedIn(q, viewerId, normaliseName(question), collection);
  let best: { id: string; strength: number }[] = [];
  for (const doc of candidates) {
    const strength = namingStrength(question, doc);
    if (!strength || (best[0] && strength < best[0].strength)) continue;
    best = best[0] && strength === best[0].strength ? [...best, { id: doc.id, strength }] : [{ id: doc.id, strength }];
  }
  return best.length === 1 ? best[0].id : null;
}
