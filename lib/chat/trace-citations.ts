import type { Embedder } from '../embeddings/types';
import { EMBEDDERS } from '../models/registry';
import { findCitations, stripCitations } from './citations';
import type { AnswerTrace, TraceCitation } from './trace-types';

/**
 * What an answer's citations say, and whether they hold. `analyseCitations` is pure and cheap
 * (it runs as the stream ends); `checkCitations` embeds each cited sentence and its source with
 * the embedder Docent already has loaded, after the answer is stored.
 */

// A claim is backed when its sentence sits close to the source in embedding space, or when most
// of its content words are in the source (short factual sentences often embed far from a long
// chunk but repeat its words). How close is "close" depends on the embedder (bge-small puts
// unrelated text where MiniLM puts paraphrases), so each local model's cut lives in the model
// registry, calibrated on third-party pairs (scripts/calibrate-citation-check.ts).
/** For an embedder the registry does not know (an OpenAI model): the value first set by hand for MiniLM. */
export const DEFAULT_SUPPORT_SIMILARITY = 0.45;

/** The similarity at which the check counts a cited sentence as backed, for this embedder. */
export function supportSimilarityFor(model: string): number {
  return EMBEDDERS[model]?.supportSimilarity ?? DEFAULT_SUPPORT_SIMILARITY;
}

export const SUPPORT_OVERLAP = 0.6;

const STOPWORDS = new Set(
  ('the and for are was were with that this from into onto than then they them their there these those have has had ' +
    'not but its his her she him you your our who whom which what when where why how all any can could would should ' +
    'will may might been being also only such very more most other some each about over under after before per via')
    .split(' '),
);

/** The answer's sentences, each with the source numbers it cites (a trailing `[n]` joins the sentence before). */
export function citedSentences(answer: string): { sentence: string; numbers: number[] }[] {
  const pieces = answer
    .split(/(?<=[.!?])\s+|\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: { sentence: string; numbers: number[] }[] = [];
  for (const piece of pieces) {
    const numbers = findCitations(piece).flatMap((m) => m.numbers);
    const sentence = stripCitations(piece);
    const onlyCitations = !/[\p{L}\p{N}]/u.test(sentence);
    if (onlyCitations && out.length) out.at(-1)!.numbers.push(...numbers);
    else if (!onlyCitations) out.push({ sentence, numbers });
  }
  return out;
}

/** Citations used, dangling and missing; `supported` stays null until checkCitations runs. */
export function analyseCitations(answer: string, sourceIndexes: number[]): AnswerTrace['citations'] {
  const known = new Set(sourceIndexes);
  const sentences = citedSentences(answer);
  const cited: TraceCitation[] = [];
  const dangling = new Set<number>();
  for (const { sentence, numbers } of sentences) {
    for (const index of new Set(numbers)) {
      if (known.has(index)) cited.push({ index, sentence, supported: null, similarity: null, overlap: null });
      else dangling.add(index);
    }
  }
  const used = new Set(cited.map((c) => c.index));
  return {
    cited,
    dangling: [...dangling],
    uncited: sourceIndexes.filter((i) => !used.has(i)),
    // A heading or a one-word line is not a claim.
    uncitedSentences: sentences.filter((s) => s.numbers.length === 0 && s.sentence.split(/\s+/).length >= 4).map((s) => s.sentence),
    check: cited.length ? 'pending' : 'skipped',
  };
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOPWORDS.has(w));
}

/** Share of the sentence's content words that occur in the source (null: the sentence has none). */
export function wordOverlap(sentence: string, source: string): number | null {
  const words = contentWords(sentence);
  if (!words.length) return null;
  const inSource = new Set(contentWords(source));
  return words.filter((w) => inSource.has(w)).length / words.length;
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Checks every citation against the text of the source it cites; returns the citations with `supported` set. */
export async function checkCitations(
  citations: AnswerTrace['citations'],
  sourceText: (index: number) => string | undefined,
  embedder: Pick<Embedder, 'embedDocuments' | 'model'>,
): Promise<AnswerTrace['citations']> {
  if (!citations.cited.length) return { ...citations, check: 'skipped' };
  const threshold = supportSimilarityFor(embedder.model);
  const sentences = [...new Set(citations.cited.map((c) => c.sentence))];
  const indexes = [...new Set(citations.cited.map((c) => c.index))];
  // Vectors come back normalised, so the dot product is the cosine similarity.
  const vectors = await embedder.embedDocuments([...sentences, ...indexes.map((i) => sourceText(i) ?? '')]);
  const sentenceVector = new Map(sentences.map((s, i) => [s, vectors[i]]));
  const sourceVector = new Map(indexes.map((n, i) => [n, vectors[sentences.length + i]]));
  const cited = citations.cited.map((c): TraceCitation => {
    const text = sourceText(c.index);
    if (text === undefined) return c;
    const similarity = round(dot(sentenceVector.get(c.sentence)!, sourceVector.get(c.index)!));
    const overlap = wordOverlap(c.sentence, text);
    const supported = similarity >= threshold || (overlap ?? 0) >= SUPPORT_OVERLAP;
    return { ...c, similarity, overlap: overlap === null ? null : round(overlap), supported };
  });
  return { ...citations, cited, check: 'done' };
}
