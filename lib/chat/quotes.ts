import type { ChatModel, ChatStream, Source } from './types';

/**
 * The `quotes` answer mode: no generation. The sentences of the retrieved sources that best
 * match the question, in the order they appear (by source number, then position), each cited
 * with its source's `[n]`. On a 2-core machine a 135M model scored token F1 0.09 and cited
 * nothing while the gold answer was in the sources for every question (issue 14): quoting the
 * sources is the better answer there, and it takes milliseconds.
 */
export const QUOTE_SENTENCES = 3;
/** A sentence must score at least this share of the best one: a passing mention is not an answer. */
const RELATIVE_FLOOR = 0.5;
/** Sentences longer than this are cut at a word: a quote, not a page. */
const MAX_SENTENCE_CHARS = 400;

const STOPWORDS = new Set(
  'a an and are as at be by did do does for from had has have how i in is it its of on or that the their there these this to was were what when where which who whom why will with you your'.split(' '),
);

/** Lower-case word stems: enough to match "models" with "model" and "ran" with nothing it should not. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => (w.length > 4 ? w.replace(/(ies|es|s|ing|ed)$/u, '') : w));
}

export interface Quote {
  source: number;
  position: number;
  text: string;
  score: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function sentencesOf(source: Source): Quote[] {
  return [...segmenter.segment(source.text.replace(/\s+/g, ' '))]
    .map((s) => s.segment.trim())
    .filter((s) => s.length > 0)
    .map((text, position) => ({ source: source.index, position, text, score: 0 }));
}

function shorten(text: string): string {
  if (text.length <= MAX_SENTENCE_CHARS) return text;
  const cut = text.slice(0, MAX_SENTENCE_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_SENTENCE_CHARS / 2))}…`;
}

/**
 * Picks the best sentences: each question term found counts its inverse sentence frequency
 * (rare words say more than common ones), and a sentence from a better-ranked source wins a tie.
 */
export function pickQuotes(question: string, sources: Source[], count = QUOTE_SENTENCES): Quote[] {
  const wanted = new Set(terms(question));
  const all = sources.flatMap(sentencesOf);
  const termSets = all.map((q) => new Set(terms(q.text)));
  const frequency = new Map<string, number>();
  for (const set of termSets) for (const t of set) if (wanted.has(t)) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  all.forEach((quote, i) => {
    for (const t of termSets[i]) if (wanted.has(t)) quote.score += Math.log(1 + all.length / frequency.get(t)!);
    quote.score -= quote.source * 1e-3;
  });
  const top = Math.max(0, ...all.map((q) => q.score));
  const best = all.filter((q) => q.score > 0 && q.score >= top * RELATIVE_FLOOR).sort((a, b) => b.score - a.score).slice(0, count);
  return best.sort((a, b) => a.source - b.source || a.position - b.position);
}

/** The answer text: the picked sentences, each followed by its citation. */
export function quoteAnswer(question: string, sources: Source[]): string {
  if (sources.length === 0) return 'No passage in the documents matches the question; try other words, or upload the document that answers it.';
  const quotes = pickQuotes(question, sources);
  if (quotes.length === 0) return `No sentence in the sources shares a word with the question. The closest passage: ${shorten(sentencesOf(sources[0])[0]?.text ?? '')} [${sources[0].index}]`;
  return quotes.map((q) => `${shorten(q.text)} [${q.source}]`).join(' ');
}

/** The quoted answer as a stream, one sentence at a time, like a model's. */
export function quoteStream(question: string, sources: Source[]): ChatStream {
  const text = quoteAnswer(question, sources);
  const pieces = text.split(/(?<=\]) /);
  return {
    finishReason: 'stop',
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < pieces.length; i++) yield i < pieces.length - 1 ? `${pieces[i]} ` : pieces[i];
    },
  };
}

/**
 * Stands in for a chat model when answering by quotes: prompt building still needs a context
 * size and a token count (≈ 4 characters a token; nothing is generated, so the budget only
 * decides how many sources are quoted from), and nothing is loaded.
 */
export const quotesModel: ChatModel = {
  provider: 'quotes',
  id: 'quotes',
  contextSize: 4096,
  countTokens: (text) => Math.ceil(text.length / 4),
  stream: async () => {
    throw new Error('A quoted answer is built from the sources: call quoteStream(question, sources).');
  },
};
