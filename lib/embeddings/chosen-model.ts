import type { Queryable } from '@/db';
import { getEmbeddingIndexState } from '@/db/queries/embedding-index';
import { getSettingValueByKey } from '@/db/queries/settings';
import { env } from '../env';
import { EMBEDDING_MODEL_SETTING } from './model-id';

/**
 * The embedding model this install should use, first that applies:
 * 1. the admin's choice (the `embeddingModel` setting);
 * 2. EMBEDDING_MODEL, when the operator set it (changing it and restarting re-indexes);
 * 3. the model the stored index holds, or is being re-indexed to;
 * 4. the default for a new install (EMBEDDING_MODEL's default, all-MiniLM-L6-v2).
 * Step 3 is why a change of the default never silently re-embeds: an install that never set
 * EMBEDDING_MODEL keeps searching the index it has until the admin switches in Settings
 * (reconcileEmbeddingModel sees the chosen model already active).
 */
export async function chosenEmbeddingModel(q: Queryable): Promise<string> {
  const value = await getSettingValueByKey(q, EMBEDDING_MODEL_SETTING);
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (env().EMBEDDING_MODEL_SET) return env().EMBEDDING_MODEL;
  const { active, target } = await getEmbeddingIndexState(q);
  return (target ?? active)?.name ?? env().EMBEDDING_MODEL;
}
