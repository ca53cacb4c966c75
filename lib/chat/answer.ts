import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '@/db';
import { appendMessagesToChat, getChatById, insertChat, type MessageFinish } from '@/db/queries/chats';
import { retryWhileUnavailable } from '../db-availability';
import { AppError, describeError, notFound } from '../errors';
import { getDatabase, getEmbeddingContext } from '../runtime';
import { checkQuestion } from '../search/question';
import { completerFor, standaloneQuery } from '../search/rewrite-query';
import { meterAnswer } from '../metrics';
import { searchChunks } from '../search/search';
import { loadSettings } from '../settings';
import { parseCitations } from './citations';
import { foldDuplicatePassages } from './fold-passages';
import { buildPrompt } from './prompt';
import { readDocuments, wholeDocumentSources } from './whole-document';
import { documentNamedIn } from './named-document';
import { buildTrace, TraceRecorder, type AnswerTrace } from './trace';
import { checkAndStoreTrace } from './trace-store';
import { loadOpenAIApiKey } from '../provider-keys';
import { getChatModel } from './providers';
import { type AnswerChoiceRequest, resolveAnswerChoices } from './answer-choices';
import { quoteStream, quotesModel } from './quotes';
import { rememberAnswer, sentTurns } from './turn-memory';
import { setLatestAnswerGeneration, updateChatModelChoices } from '@/db/queries/model-choices';
import type { ChatMessage, Source } from './types';
import type { AnswerProgress } from './progress';

export interface AnswerRequest extends AnswerChoiceRequest {
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
  /** Keep the exchange as a chat (the default); false answers without storing anything. */
  store?: boolean;
  /** Answer from these documents read whole (or section by section) instead of searching. */
  documentIds?: string[];
  /** performance.now() when the request arrived; the trace's first-token time counts from it. */
  arrivedAt?: number;
  /** false: keep no retriever lists for the trace (only its clock reads), so `npm run bench:trace` can time what recording costs. */
  trace?: boolean;
  /** Told as a long document is read section by section, before the answer begins (lib/chat/progress.ts). */
  onProgress?: (progress: AnswerProgress) => void;
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
  /** The chat the exchange is stored in; null when the request asked not to store it. */
  chatId: string | null;
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
  /** The stored trace, once deltas() has finished and the citation check has run (null if never streamed). */
  trace(): Promise<AnswerTrace | null>;
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
  const recorder = new TraceRecorder(request.arrivedAt ?? started);
  const question = request.messages.findLast((m) => m.role === 'user')?.content ?? '';
  checkQuestion(question); // before anything slow: loading a model, or searching
  const db = await getDatabase();
  const settings = await loadSettings(db);
  const existing = request.chatId ? await getChatById(db, request.viewerId, request.chatId) : null;
  if (request.chatId && !existing) throw notFound('The chat');

  const collection = request.collection ?? existing?.collection ?? undefined;
  const choices = await resolveAnswerChoices(db, settings, { ...request, chatId: existing?.id ?? null, collection });
  const model = choices.mode === 'quotes' ? quotesModel : await getChatModel({ ...settings, openaiApiKey: await loadOpenAIApiKey(db) });
  const modelReady = performance.now();
  recorder.mark('model');
  const promptInput = {
    systemPrompt: settings.systemPrompt,
    conversation: request.messages,
    contextSize: model.contextSize,
    maxTokens: request.maxTokens ?? settings.maxTokens,
    countTokens: (text: string) => model.countTokens(text),
  };
  // Whole-document questions read the chosen documents (lib/chat/whole-document); others search.
  // A follow-up is searched as a standalone query built from the recent turns (lib/search/rewrite-query).
  // A question that names one of the caller's documents ("summarise handbook.pdf") reads it too.
  const named = request.documentIds?.length ? null : await documentNamedIn(db, request.viewerId, question, collection);
  const documentIds = request.documentIds?.length ? request.documentIds : named ? [named] : null;
  const wholeDocument = documentIds
    ? await wholeDocumentSources(model, await readDocuments(db, request.viewerId, documentIds, await getEmbeddingContext()), promptInput, signal,
      (section, sections) => request.onProgress?.({ stage: 'reading', section, sections }))
    : null;
  const searched = !wholeDocument && question.trim() ? await standaloneQuery(request.messages, completerFor(model), signal) : null;
  const chunks = wholeDocument
    ? wholeDocument.chunks
    : searched
      ? foldDuplicatePassages(await searchChunks(db, await getEmbeddingContext(), settings, {
          query: searched.query,
          k: request.k ?? settings.topK,
          mode: settings.retrievalMode,
          viewerId: request.viewerId,
          collection,
          explain: request.trace === false ? undefined : recorder.search,
        }))
      : [];
  const retrieved = performance.now();
  recorder.mark('retrieved');
  // A local model repeats the chat's earlier prompts token for token, to reuse their evaluation.
  const prompt = await buildPrompt({ ...promptInput, chunks, sentTurns: model.provider === 'local' ? sentTurns(existing?.id) : [] });
  const prompted = performance.now();
  recorder.mark('prompted');
  const temperature = request.temperature ?? settings.temperature;
  const chatId = existing?.id ?? randomUUID();
  const store = request.store ?? true;
  const conversation = store ? chatId : undefined;
  const stream =
    choices.mode === 'quotes'
      ? quoteStream(question, prompt.sources)
      : await model.stream(prompt.messages, {
          temperature, maxTokens: prompt.maxTokens, adapter: choices.adapter, conversation,
          citeSources: settings.citationFormat === 'cite-every-sentence' && prompt.sources.length ? prompt.sources.length : undefined,
        }, signal);

  const sources = prompt.sources;
  let outcome: AnswerOutcome = { content: '', finishReason: 'aborted', completionTokens: 0, cited: [] };
  const answerId = randomUUID();
  let traced: Promise<AnswerTrace | null> | null = null;
  const generation = { model: model.id, answerMode: choices.mode, adapter: choices.adapter ? { file: choices.adapter.file, scale: choices.adapter.scale } : null };
  const save = async (content: string, finishReason: MessageFinish, trace: AnswerTrace) => {
    if (!store) return;
    const target = { chatId, ownerId: request.viewerId, isNew: !existing, title: titleFromQuestion(question), collection: collection ?? null, searchQuery: searched?.query ?? null };
    await saveExchange(db, target, question, content, sources, finishReason, { id: answerId, trace }, async (tx) => {
      await updateChatModelChoices(tx, chatId, { adapter: request.adapter, answerMode: request.answerMode });
      await setLatestAnswerGeneration(tx, chatId, generation);
    });
  };

  async function* deltas(): AsyncGenerator<string> {
    let content = '';
    let finishReason: MessageFinish = 'aborted';
    const meter = meterAnswer(model.provider, started);
    try {
      for await (const piece of stream) {
        recorder.mark('firstToken');
        meter.piece();
        content += piece;
        yield piece;
      }
      finishReason = signal.aborted ? 'aborted' : (stream.finishReason ?? 'aborted');
    } catch (err) {
      finishReason = signal.aborted ? 'aborted' : 'error';
      if (!signal.aborted) throw err;
    } finally {
      recorder.mark('end');
      const known = new Set(sources.map((s) => s.index));
      outcome = {
        content,
        finishReason,
        completionTokens: content ? await model.countTokens(content) : 0,
        cited: parseCitations(content).filter((n) => known.has(n)),
      };
      meter.end(outcome.completionTokens);
      const trace = buildTrace({
        recorder, query: searched?.query ?? question, mode: settings.retrievalMode, k: request.k ?? settings.topK, retrieved: chunks, prompt,
        contextSize: model.contextSize, model, temperature, content, finishReason, completionTokens: outcome.completionTokens,
      });
      await save(content, finishReason, trace);
      if (conversation) rememberAnswer(conversation, prompt.turns, content);
      // The citation check embeds text: it runs after the answer is stored, never holding up the stream.
      traced = checkAndStoreTrace(db, store ? answerId : null, trace, sources, getEmbeddingContext);
    }
  }

  return {
    id: `chatcmpl-${randomUUID().replace(/-/g, '')}`,
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    chatId: store ? chatId : null,
    sources,
    promptTokens: prompt.promptTokens,
    timings: { model: modelReady - started, retrieval: retrieved - modelReady, prompt: prompted - retrieved },
    deltas,
    outcome: () => outcome,
    trace: () => traced ?? Promise.resolve(null),
  };
}

interface ChatTarget {
  chatId: string;
  ownerId: string | null;
  isNew: boolean;
  title: string;
  collection: string | null;
  searchQuery: string | null;
}

// A restarting PostgreSQL is usually back within seconds: about 6 s of tries in all.
const SAVE_RETRY = { attempts: 5, firstDelayMs: 400, what: 'storing an answer' };

/**
 * Stores the question and the answer in one transaction, retried while the database is
 * unavailable. If it still cannot be stored, the reader is told (answer_not_saved) rather than
 * shown an answer that would then be missing from the chat.
 */
async function saveExchange(
  db: Database,
  target: ChatTarget,
  question: string,
  answer: string,
  sources: Source[],
  finishReason: MessageFinish,
  stored: { id: string; trace: AnswerTrace },
  /** Writes more in the same transaction (the chat's model choices, what wrote the answer). */
  extra?: (tx: Queryable) => Promise<void>,
): Promise<void> {
  const cited = new Set(parseCitations(answer));
  try {
    await retryWhileUnavailable(
      () =>
        db.transaction(async (tx) => {
          if (target.isNew) await insertChat(tx, { id: target.chatId, ownerId: target.ownerId, title: target.title, collection: target.collection });
          await appendMessagesToChat(tx, target.chatId, [
            { role: 'user', content: question },
            { ...stored, role: 'assistant', content: answer, finishReason, searchQuery: target.searchQuery, sources: sources.map((s) => ({ ...s, cited: cited.has(s.index) })) },
          ]);
          await extra?.(tx);
        }),
      SAVE_RETRY,
    );
  } catch (err) {
    console.error(`[chat] could not store the exchange in chat ${target.chatId}: ${describeError(err)}`);
    throw new AppError(
      'answer_not_saved',
      'The answer could not be stored (the database is unavailable), so it is not in your chat history; copy it now, or ask again in a moment.',
      503,
    );
  }
}
