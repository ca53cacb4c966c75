import type { Queryable } from '@/db';
import { getVisibleCollectionId } from '@/db/queries/collections';
import { type ChatModelChoices, getChatModelChoices, getCollectionAdapter, type StoredAdapter, type StoredAnswerMode } from '@/db/queries/model-choices';
import { badRequest } from '../errors';
import { type ResolvedAdapter, resolveAdapter } from '../models/adapters';
import type { Settings } from '../settings';
import { resolveChatConfig } from './providers';
import { describeLocalModel } from './providers/local-model-file';

export type AnswerMode = StoredAnswerMode;

/** What a request may say about how to answer; unset falls back to the chat, then the collection, then the admin. */
export interface AnswerChoiceRequest {
  /** A LoRA for this answer (and, stored, the chat's from now on); null: none. */
  adapter?: StoredAdapter | null;
  answerMode?: AnswerMode;
}

export interface AnswerChoices {
  mode: AnswerMode;
  adapter: ResolvedAdapter | undefined;
}

/**
 * The admin's default answer mode (Settings → Answers), `generate` unless set. Not switched to
 * quotes by itself when the model is missing: API clients are promised a 503 model_not_ready
 * then, and an admin without a model sets quotes here (the 503's fix, and the chat's notice, say so).
 */
export function defaultAnswerMode(settings: Settings): AnswerMode {
  return settings.answerMode ?? 'generate';
}

/**
 * Resolves the mode and the adapter for one answer: the request's choice, else the chat's
 * stored one, else (adapter only) the collection's default. An adapter is checked against the
 * active local model here, so a mismatch is a plain 422 before any stream begins.
 */
export async function resolveAnswerChoices(
  q: Queryable,
  settings: Settings,
  request: AnswerChoiceRequest & { viewerId: string | null; chatId: string | null; collection: string | undefined },
): Promise<AnswerChoices> {
  const stored: ChatModelChoices = request.chatId ? await getChatModelChoices(q, request.chatId) : { adapter: null, answerMode: null };
  const mode = request.answerMode ?? stored.answerMode ?? defaultAnswerMode(settings);
  let choice = request.adapter !== undefined ? request.adapter : stored.adapter;
  if (request.adapter === undefined && !choice && request.collection) {
    const collectionId = await getVisibleCollectionId(q, request.viewerId, request.collection);
    choice = collectionId ? await getCollectionAdapter(q, collectionId) : null;
  }
  if (!choice || mode === 'quotes') return { mode, adapter: undefined };
  const config = resolveChatConfig(settings);
  const base = config.provider === 'local' ? describeLocalModel(config.model, config.modelsDir).path : null;
  if (!base) {
    throw badRequest('adapter_unavailable', 'Adapters slot onto a local GGUF model; the chat model is not one. Choose no adapter, or make a local model active in Settings → Models.');
  }
  return { mode, adapter: await resolveAdapter(choice, config.modelsDir, base) };
}
