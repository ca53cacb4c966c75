/**
 * Answer-quality metrics, one implementation for `npm run eval -- --answers` and the Evaluate
 * page. Exact match and token F1 follow the official SQuAD v1.1 script (normalise: lower case,
 * drop punctuation, the articles a/an/the and extra white space; score against the best of the
 * gold answers). Pure functions.
 */

export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ') // SQuAD drops string.punctuation; symbols such as $ go too
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

const tokens = (text: string) => normalizeAnswer(text).split(' ').filter(Boolean);

export function exactMatch(prediction: string, golds: readonly string[]): number {
  const p = normalizeAnswer(prediction);
  return golds.some((g) => normalizeAnswer(g) === p) ? 1 : 0;
}

function f1Against(prediction: string[], gold: string[]): number {
  if (!prediction.length || !gold.length) return prediction.length === gold.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of prediction) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common++;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / prediction.length;
  const recall = common / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

export function tokenF1(prediction: string, golds: readonly string[]): number {
  const p = tokens(prediction);
  return Math.max(0, ...golds.map((g) => f1Against(p, tokens(g))));
}

/** Whether a gold answer occurs in a text, compared normalised (yes/no answers never count: any text holds "yes"). */
export function containsAnswer(text: string, golds: readonly string[]): boolean {
  const haystack = ` ${normalizeAnswer(text)} `;
  return golds.some((g) => {
    const needle = normalizeAnswer(g);
    return needle !== '' && needle !== 'yes' && needle !== 'no' && haystack.includes(` ${needle} `);
  });
}

// The system prompt tells the model to "say plainly that the documents do not answer the question".
const REFUSAL =
  /\b(do(es)? not (answer|contain|mention|say|provide|include)|don'?t (answer|contain|mention|know|have)|no (information|mention|answer|relevant)|not (mentioned|provided|stated|specified|found|available)|cannot (answer|find|determine)|can'?t (answer|find|determine)|unable to (answer|find|determine)|not enough information)\b/i;

/** Whether an answer declines for lack of sources (the wanted outcome on a collection without its context). */
export function isRefusal(answer: string): boolean {
  return answer.trim() === '' || REFUSAL.test(answer);
}

/**
 * Citation precision of one answer: of the sources it cites, the share that hold a gold answer
 * or come from a gold document. Null when it cites nothing (it then neither helps nor hurts).
 */
export function citationPrecision(cited: readonly { text: string; documentName: string }[], golds: readonly string[], goldDocuments: readonly string[]): number | null {
  if (!cited.length) return null;
  const gold = new Set(goldDocuments.map(documentKey));
  const good = cited.filter((s) => containsAnswer(s.text, golds) || gold.has(documentKey(s.documentName)));
  return good.length / cited.length;
}

/** A document name compared without its extension or case (`Paris.txt` is the gold title `Paris`). */
export function documentKey(name: string): string {
  return name.replace(/\.[a-z0-9]{1,5}$/i, '').trim().toLowerCase();
}

/** The q-th quantile (0..1) by linear interpolation, as numpy's default; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

export const mean = (values: readonly number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
