import type { Database } from '@/db';
import { getChatById } from '@/db/queries/chats';
import { getChatModelChoices, type ChatModelChoices } from '@/db/queries/model-choices';
import { defaultAnswerMode, type AnswerMode } from '../chat/answer-choices';
import { chatModelStatus } from '../chat/providers';
import { env } from '../env';
import { loadSettings } from '../settings';
import { listAdapters } from './adapters';
import { readGgufFactsCached } from './gguf-facts';
import { TINY_MODEL_PARAMETERS } from './library';
import { activeModelPath } from './model-admin';

/** GET /api/models/options: what a chat may choose (any member), and the chat's current choices. */
export interface ChatOptions {
  /** Adapters that fit the active model, by file name. */
  adapters: string[];
  defaultAnswerMode: AnswerMode;
  /** The active local model when it is tiny (< 1B parameters): fine for trying Docent out, not for real answers. */
  tinyModel: string | null;
  chat: ChatModelChoices | null;
}

export async function readChatOptions(db: Database, viewerId: string | null, chatId: string | null): Promise<ChatOptions> {
  const settings = await loadSettings(db);
  const active = await activeModelPath(db);
  const base = active && chatModelStatus(settings).ready ? await readGgufFactsCached(active).catch(() => null) : null;
  const adapters = base ? (await listAdapters(env().MODELS_DIR, base)).filter((a) => a.compatible).map((a) => a.file) : [];
  const owned = chatId ? await getChatById(db, viewerId, chatId) : null;
  return {
    adapters,
    defaultAnswerMode: defaultAnswerMode(settings),
    tinyModel: base && base.parameters < TINY_MODEL_PARAMETERS ? base.file : null,
    chat: owned ? await getChatModelChoices(db, owned.id) : null,
  };
}
