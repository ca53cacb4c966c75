import type { Tokenizer } from './types';

/**
 * Contextual chunks: the text a chunk is embedded and keyword-indexed with carries where it
 * sits — the document's title and the headings above it — so "Installation › Windows" can be
 * found by a question that names the product, though only the title says it. What users see
 * and what the model is sent stay the chunk's own text; the context is stored beside it.
 * Only documents with headings get one (lib/ingest/pipeline.ts): a title alone did not help.
 */

/** Tokens the context may take; the chunker leaves this much of the model's window free. */
export const CONTEXT_TOKENS = 32;
const SEPARATOR = ' › ';

/** The title a chunk's context starts with: the document's own, else its file name without extension. */
export function documentTitle(parsedTitle: string | null, fileName: string | undefined): string {
  const fromName = fileName?.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_-]+/g, ' ').trim() ?? '';
  return (parsedTitle ?? '').trim() || fromName;
}

/** `Title › Heading › Subheading`, without a heading that repeats the title, cut to `maxTokens`. */
export function chunkContext(title: string, headingPath: string[], tokenizer: Tokenizer, maxTokens = CONTEXT_TOKENS): string {
  const parts: string[] = [];
  for (const part of [title, ...headingPath].map((p) => p.replace(/\s+/g, ' ').trim())) {
    if (part && part.toLowerCase() !== parts.at(-1)?.toLowerCase()) parts.push(part);
  }
  let context = parts.join(SEPARATOR);
  // Word by word from the end: the title and the outer headings say the most.
  while (context && tokenizer.count(context) > maxTokens) context = context.split(' ').slice(0, -1).join(' ');
  return context;
}

/** What the embedder reads for a chunk. */
export const embeddingText = (chunk: { text: string; context: string }): string =>
  chunk.context ? `${chunk.context}\n\n${chunk.text}` : chunk.text;
