import type { Queryable } from '@/db';
import { resolveChatConfig } from '../chat/providers';
import { chosenEmbeddingModel } from '../embeddings/chosen-model';
import { env } from '../env';
import { loadSettings } from '../settings';
import { DEFAULT_LLM_FILE, EMBEDDERS } from './registry';

export type ProvisionRole = 'embedder' | 'llm';

/**
 * The default models `npm start` should provision: only those this install uses. The chat model
 * in force is the admin's choice in Settings over the environment; when it is another GGUF or a
 * remote server, the default Llama is not needed and must not be reported missing.
 */
export async function rolesToProvision(db: Queryable | null): Promise<ProvisionRole[]> {
  const roles: ProvisionRole[] = [];
  if (EMBEDDERS[await embedderToProvision(db)]) roles.push('embedder');
  const chat = resolveChatConfig(db ? await loadSettings(db) : {});
  if (chat.provider === 'local' && chat.model === DEFAULT_LLM_FILE) roles.push('llm');
  return roles;
}

/**
 * The embedder `npm start` should provision: the one this install uses (an upgraded install
 * keeps its index's model, so it must not fetch, or report missing, the new default).
 */
export async function embedderToProvision(db: Queryable | null): Promise<string> {
  return db ? chosenEmbeddingModel(db) : env().EMBEDDING_MODEL;
}
