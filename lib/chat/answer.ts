import { randomUUID } from 'node:crypto';
import type { Database } from '@/db';
import { appendMessagesToChat, getChatById, insertChat, type MessageFinish } from '@/db/queries/chats';
import { describeError, notFound } from '../errors';
import { getDatabase, getEmbeddingContext } from '../runtime';
import { meterAnswer } from '../metrics';
import { searchChunks } from '../search/search';
import { loadSettings } from '../settings';
import { parseCitations } from './citations';
import { buildPrompt } from './prompt';
import { loadOpenAIApiKey } from '../provider-keys';
import { getChatModel } from './providers';
import type { ChatMessage, Source } from './types';

export interface AnswerRequest {
  /** Who asks: only their collections are searched and the chat is theirs (null: no accounts yet). */
  viewerId: string | null;
  /** The conversation; the last user message is the question and the search query. */
  messages: ChatMessage[];
  collection?: string;
  k?: number;
  temperature?: number;
  maxTokens?: number;
  /** Append to this chat; unset starts a new chat titled from the question. */
  chatId?: string;
}

export interface AnswerOutcome {
  content: string;
  finishReason: MessageFinish;
  completionTokens: number;
  /** Source numbers the answer cites that name a source. */
  cited: number[];
}

export interface Answer {
  /** `chatcmpl-…`, the OpenAI completion id. */
  id: string;
  created: number;
  model: string;
  chatId: string;
  /** The sources the model was given, numbered as it saw them. */
  sources: Source[];
  promptTokens: number;
  /** Milliseconds spent before generation: loading the model, retrieval, prompt building. */
  timings: { model: number; retrieval: number; prompt: number };
  /**
   * The answer's text pieces. However iteration ends — finished, stopped early by the reader,
   * aborted or failed — the question and the (partial) answer are stored before it returns.
   */
  deltas(): AsyncGenerator<string>;
  /** How the answer ended; complete once deltas() has finished. */
  outcome(): AnswerOutcome;
}

const TITLE_LENGTH = 80;

/** A chat's title: its first question, on one line, cut at a word. */
export function titleFromQuestion(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_LENGTH) return line || 'New chat';
  const cut = line.slice(0, TITLE_LENGTH);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : TITLE_LENGTH).trimEnd()}…`;
}

/**
 * Answers the last user message from the documents: retrieve → prompt → generate. Failures
 * before generation (unknown chat, model not ready or busy, upstream refusing) throw here, so a
 * route can still answer them as plain HTTP errors; the text then streams from deltas().
 */
export async function startAnswer(request: AnswerRequest, signal: AbortSignal): Promise<Answer> {
  const started = performance.now();
  const db = await getDatabase();
  const settings = await loadSettings(db);
  const existing = request.chatId ? await getChatById(db, request.viewerId, request.chatId) : null;
  if (request.chatId && !existing) throw notFound('The chat');

  const model = await getChatModel({ ...settings, openaiApiKey: await loadOpenAIApiKey(db) });
  const modelReady = performance.now();
  const question = request.messages.findLast((m) => m.role === 'user')?.content ?? '';
  const collection = request.collection ?? existing?.collection ?? undefined;
  const chunks = question.trim()
    ? await searchChunks(db, await getEmbeddingContext(), settings, {
        query: question,
        k: request.k ?? settings.topK,
        mode: settings.retrievalMode,
        viewerId: request.viewerId,
        collection,
      })
    : [];
  const retrieved = performance.now();
  const prompt = await buildPrompt({
    systemPrompt: settings.systemPrompt,
    conversation: request.messages,
    chunks,
    contextSize: model.contextSize,
    maxTokens: request.maxTokens ?? settings.maxTokens,
    countTokens: (text) => model.countTokens(text),
  });
  const prompted = performance.now();
  const stream = await model.stream(prompt.messages, { temperature: request.temperature ?? settings.temperature, maxTokens: prompt.maxTokens }, signal);

  const chatId = existing?.id ?? randomUUID();
  const sources = prompt.sources;
  let outcome: AnswerOutcome = { content: '', finishReason: 'aborted', completionTokens: 0, cited: [] };
  const save = (content: string, finishReason: MessageFinish) =>
    saveExchange(db, { chatId, ownerId: request.viewerId, isNew: !existing, title: titleFromQuestion(question), collection: collection ?? null }, question, content, sources, finishReason);

  async function* deltas(): AsyncGenerator<string> {
    let content = '';
    let finishReason: MessageFinish = 'aborted';
    const meter = meterAnswer(model.provider, started);
    try {
      for await (const piece of stream) {
        meter.piece();
        content += piece;
        yield piece;
      }
      finishReason = signal.aborted ? 'aborted' : (stream.finishReason ?? 'aborted');
    } catch (err) {
      finishReason = signal.aborted ? 'aborted' : 'error';
      if (!signal.aborted) throw err;
    } finally {
      const known = new Set(sources.map((s) => s.index));
      outcome = {
        content,
        finishReason,
        completionTokens: content ? await model.countTokens(content) : 0,
        cited: parseCitations(content).filter((n) => known.has(n)),
      };
      meter.end(outcome.completionTokens);
      await save(content, finishReason);
    }
  }

  return {
    id: `chatcmpl-${randomUUID().replace(/-/g, '')}`,
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    chatId,
    sources,
    promptTokens: prompt.promptTokens,
    timings: { model: modelReady - started, retrieval: retrieved - modelReady, prompt: prompted - retrieved },
    deltas,
    outcome: () => outcome,
  };
}

interface ChatTarget {
  chatId: string;
  ownerId: string | null;
  isNew: boolean;
  title: string;
  collection: string | null;
}

/** Stores the question and the answer in one transaction; a failure is logged, never thrown at the reader. */
async function saveExchange(
  db: Database,
  target: ChatTarget,
  question: string,
  answer: string,
  sources: Source[],
  finishReason: MessageFinish,
): Promise<void> {
  const cited = new Set(parseCitations(answer));
  try {
    await db.transaction(async (tx) => {
      if (target.isNew) await insertChat(tx, { id: target.chatId, ownerId: target.ownerId, title: target.title, collection: target.collection });
      await appendMessagesToChat(tx, target.chatId, [
        { role: 'user', content: question },
        { role: 'assistant', content: answer, finishReason, sources: sources.map((s) => ({ ...s, cited: cited.has(s.index) })) },
      ]);
    });
  } catch (err) {
    console.error(`[chat] could not store the exchange in chat ${target.chatId}: ${describeError(err)}`);
  }
}
