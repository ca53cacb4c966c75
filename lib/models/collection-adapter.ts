import type { Database } from '@/db';
import { findCollectionId } from '@/db/queries/collections';
import { type StoredAdapter, updateCollectionAdapter } from '@/db/queries/model-choices';
import { notFound } from '../errors';
import type { Viewer } from '../auth/viewer';
import { activeModelPath } from './model-admin';
import { resolveAdapter } from './adapters';
import { env } from '../env';

/**
 * Sets (or, with null, clears) a collection's default adapter: its owner only. The adapter is
 * checked against the active model now, so a typo is a 404/422 here rather than at the next question.
 */
export async function setCollectionAdapter(db: Database, viewer: Viewer, name: string, adapter: StoredAdapter | null): Promise<void> {
  const id = await findCollectionId(db, viewer.userId, name, 'own');
  if (!id) throw notFound(`The collection "${name}" (of yours)`);
  if (adapter) {
    const base = await activeModelPath(db);
    if (base) await resolveAdapter(adapter, env().MODELS_DIR, base);
  }
  await updateCollectionAdapter(db, id, adapter);
}
