import type { LlamaGrammar } from 'node-llama-cpp';
import { getLlamaInstance } from './local-engine';

/**
 * A GBNF grammar under which every sentence of an answer ends with citations of the sources it
 * was given: `text [n][m].` with 1 ≤ n ≤ `sources` (issue 14 item 4). For local models that do
 * not cite on their own — SmolLM2-135M cited nothing in eight answers — an admin can switch it
 * on (settings `citationFormat`). llama.cpp applies it while sampling, so the model still picks
 * the words, only never a sentence without a valid citation.
 *
 * The price: sentence text cannot hold `[`, `]`, line breaks or `.!?` (so no "e.g." or "3.5"),
 * and an answer cut by the token limit may end mid-sentence, uncited.
 */
export const MAX_SENTENCES = 8;
/** Characters per sentence before its citation: long enough for any real sentence, short enough to end. */
const MAX_SENTENCE_CHARS = 240;

export function citationGbnf(sources: number): string {
  if (!Number.isInteger(sources) || sources < 1) throw new Error('A citation grammar needs at least one source.');
  const numbers = Array.from({ length: sources }, (_, i) => `"${i + 1}"`).join(' | ');
  return [
    `root ::= sentence (" " sentence){0,${MAX_SENTENCES - 1}}`,
    'sentence ::= text " "? cite+ end',
    // The first character is not a space, so a sentence cannot be only blanks before its citation.
    `text ::= [^\\[\\]\\n.!? ] [^\\[\\]\\n.!?]{0,${MAX_SENTENCE_CHARS}}`,
    'cite ::= "[" number "]"',
    `number ::= ${numbers}`,
    'end ::= [.!?]',
  ].join('\n');
}

// One grammar per source count, compiled once per process.
const grammars = new Map<number, Promise<LlamaGrammar>>();

export function citationGrammar(sources: number): Promise<LlamaGrammar> {
  let grammar = grammars.get(sources);
  if (!grammar) {
    grammar = getLlamaInstance().then((llama) => llama.createGrammar({ grammar: citationGbnf(sources) }));
    grammar.catch(() => grammars.delete(sources));
    grammars.set(sources, grammar);
  }
  return grammar;
}

