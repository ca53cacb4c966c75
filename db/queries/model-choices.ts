import type { Queryable } from '../types';
import { isUuid } from './ids';

/** A chat's or collection's adapter choice, and a chat's answer mode (columns from 009_model_layer.sql). */
export interface StoredAdapter {
  name: string;
  scale: number;
}

export type StoredAnswerMode = 'generate' | 'quotes';

export interface ChatModelChoices {
  adapter: StoredAdapter | null;
  answerMode: StoredAnswerMode | null;
}

export interface Generation {
  model: string;
  answerMode: StoredAnswerMode;
  adapter: { file: string; scale: number } | null;
}

export async function getChatModelChoices(q: Queryable, chatId: string): Promise<ChatModelChoices> {
  if (!isUuid(chatId)) return { adapter: null, answerMode: null };
  const { rows } = await q.query<{ adapter: string | null; scale: number | null; mode: StoredAnswerMode | null }>(
    'SELECT adapter, adapter_scale AS scale, answer_mode AS mode FROM chats WHERE id = $1',
    [chatId],
  );
  const row = rows[0];
  return { adapter: row?.adapter ? { name: row.adapter, scale: row.scale ?? 1 } : null, answerMode: row?.mode ?? null };
}

/** `undefined` leaves a choice as it is; `null` clears it. */
export async function updateChatModelChoices(
  q: Queryable,
  chatId: string,
  choices: { adapter?: StoredAdapter | null; answerMode?: StoredAnswerMode | null },
): Promise<void> {
  if (choices.adapter !== undefined) {
    await q.query('UPDATE chats SET adapter = $2, adapter_scale = $3 WHERE id = $1', [chatId, choices.adapter?.name ?? null, choices.adapter?.scale ?? null]);
  }
  if (choices.answerMode !== undefined) {
    await q.query('UPDATE chats SET answer_mode = $2 WHERE id = $1', [chatId, choices.answerMode]);
  }
}

/** The default adapter of a collection by id (the caller has already checked the viewer may see it). */
export async function getCollectionAdapter(q: Queryable, collectionId: string): Promise<StoredAdapter | null> {
  const { rows } = await q.query<{ adapter: string | null; scale: number | null }>(
    'SELECT adapter, adapter_scale AS scale FROM collections WHERE id = $1',
    [collectionId],
  );
  return rows[0]?.adapter ? { name: rows[0].adapter, scale: rows[0].scale ?? 1 } : null;
}

export async function updateCollectionAdapter(q: Queryable, collectionId: string, adapter: StoredAdapter | null): Promise<void> {
  await q.query('UPDATE collections SET adapter = $2, adapter_scale = $3 WHERE id = $1', [collectionId, adapter?.name ?? null, adapter?.scale ?? null]);
}

/** Records what wrote the chat's latest answer (run in the transaction that stored it). */
export async function setLatestAnswerGeneration(q: Queryable, chatId: string, generation: Generation): Promise<void> {
  await q.query(
    `UPDATE messages SET generation = $2::jsonb
     WHERE chat_id = $1 AND ordinal = (SELECT max(ordinal) FROM messages WHERE chat_id = $1 AND role = 'assistant')`,
    [chatId, JSON.stringify(generation)],
  );
}

export async function getLatestAnswerGeneration(q: Queryable, chatId: string): Promise<Generation | null> {
  const { rows } = await q.query<{ generation: Generation | null }>(
    `SELECT generation FROM messages WHERE chat_id = $1 AND role = 'assistant' ORDER BY ordinal DESC LIMIT 1`,
    [chatId],
  );
  return rows[0]?.generation ?? null;
}
