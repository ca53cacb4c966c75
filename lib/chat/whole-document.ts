import type { Database } from '@/db';
import { listDocumentChunks, type OrderedChunk } from '@/db/queries/document-chunks';
import { getVisibleDocument } from '@/db/queries/documents';
import { AppError, notFound } from '../errors';
import type { EmbeddingContext } from '../runtime';
import { buildPrompt, type PromptInput, type RankedChunk } from './prompt';
import type { ChatMessage, ChatModel } from './types';

/**
 * Whole-document questions ("summarise this document"): the chosen documents are read, not
 * searched. When they fit the prompt budget they go in whole, in reading order, one source per
 * chunk. When they do not, each section is summarised for the question (map) and the answer
 * is written from those summaries (reduce), each summary a source labelled with its section,
 * so the answer still cites [n] and [n] still points into the document.
 */

export const MAX_DOCUMENTS = 20;

export interface WholeDocumentResult {
  mode: 'whole' | 'map-reduce';
  chunks: RankedChunk[];
}

/** Called as each section's reading begins: section n (from 1) of `total`. */
export type MapProgress = (section: number, total: number) => void;

export const MAP_INSTRUCTIONS =
  'You read one section of a document and write down, in a few sentences, everything in it that helps ' +
  'answer the question: facts, names, numbers, conclusions. Use only the section. If nothing in it is ' +
  'relevant, reply with a one-sentence summary of what the section is about.';

/** The documents' chunks in reading order; 404 for one the viewer cannot see, 409 for one not ready. */
export async function readDocuments(db: Database, viewerId: string | null, ids: string[], embedding: EmbeddingContext): Promise<OrderedChunk[]> {
  const out: OrderedChunk[] = [];
  for (const id of [...new Set(ids)]) {
    const doc = await getVisibleDocument(db, viewerId, id);
    if (!doc) throw notFound(`The document ${id}`);
    if (doc.status !== 'ready') {
      throw new AppError('document_not_ready', `The document "${doc.name}" is ${doc.status}; ask about it once it is ready.`, 409);
    }
    out.push(...(await listDocumentChunks(db, id, embedding.space)));
  }
  return out;
}

const asRanked = (c: OrderedChunk): RankedChunk => ({ ...c, score: 1 });

/** Title and first heading level: a markdown file's H1 is its title, so its sections are the H2s. */
const sectionKey = (c: OrderedChunk) => c.headingPath.slice(0, 2).join('\u0000');

/** Consecutive chunks of one document and section, up to `budget` tokens a group. */
export function sectionGroups(chunks: OrderedChunk[], budget: number): OrderedChunk[][] {
  const groups: OrderedChunk[][] = [];
  let tokens = 0;
  for (const c of chunks) {
    const last = groups.at(-1);
    const head = last?.[0];
    const same = head && head.documentId === c.documentId && sectionKey(head) === sectionKey(c);
    if (last && same && tokens + c.tokenCount <= budget) {
      last.push(c);
      tokens += c.tokenCount;
    } else {
      groups.push([c]);
      tokens = c.tokenCount;
    }
  }
  return groups;
}

async function complete(model: ChatModel, messages: ChatMessage[], maxTokens: number, signal: AbortSignal): Promise<string> {
  const stream = await model.stream(messages, { temperature: 0, maxTokens }, signal);
  let text = '';
  for await (const piece of stream) text += piece;
  return text.trim();
}

/**
 * The sources for a whole-document question: the documents whole when they fit `prompt`'s
 * budget (checked with buildPrompt itself, so the two never disagree), else one summary per
 * section, reporting each section to `onProgress` as its reading begins.
 */
export async function wholeDocumentSources(
  model: ChatModel,
  chunks: OrderedChunk[],
  prompt: Omit<PromptInput, 'chunks'>,
  signal: AbortSignal,
  onProgress?: MapProgress,
): Promise<WholeDocumentResult> {
  const whole = chunks.map(asRanked);
  const built = await buildPrompt({ ...prompt, chunks: whole });
  if (built.sources.length === whole.length) return { mode: 'whole', chunks: whole };

  const question = prompt.conversation.findLast((m) => m.role === 'user')?.content ?? '';
  // A section and its instructions take at most half the context; the summary gets a sixth.
  const summaryTokens = Math.max(64, Math.floor(model.contextSize / 6));
  const groups = sectionGroups(chunks, Math.floor(model.contextSize / 2) - 200);
  const summaries: RankedChunk[] = [];
  for (const group of groups) {
    signal.throwIfAborted();
    onProgress?.(summaries.length + 1, groups.length);
    const section = group[0].headingPath.join(' › ');
    const text = group.map((c) => c.text).join('\n\n');
    const summary = await complete(
      model,
      [
        { role: 'system', content: MAP_INSTRUCTIONS },
        { role: 'user', content: `Question: ${question}\n\nSection${section ? ` "${section}"` : ''} of ${group[0].documentName}:\n${text}` },
      ],
      summaryTokens,
      signal,
    );
    summaries.push({ ...asRanked(group[0]), text: summary || text.slice(0, 500) });
  }
  return { mode: 'map-reduce', chunks: summaries };
}
