import type { Queryable } from '@/db';
import { resolveChatConfig } from '../chat/providers';
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
  if (EMBEDDERS[env().EMBEDDING_MODEL]) roles.push('embedder');
  const chat = resolveChatConfig(db ? await loadSettings(db) : {});
  if (chat.provider === 'local' && chat.model === DEFAULT_LLM_FILE) roles.push('llm');
  return roles;
}
