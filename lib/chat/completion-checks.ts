import type { Database } from '@/db';
import { getVisibleCollectionId } from '@/db/queries/collections';
import { AppError, badRequest } from '../errors';
import { loadSettings } from '../settings';
import { chatModelInfo } from './providers';

/** The collection every upload lands in when none is named; it exists implicitly before the first upload. */
const DEFAULT_COLLECTION = 'default';

export const modelNotFound = (id: string, served: string) =>
  new AppError('model_not_found', `The model "${id}" does not exist here; Docent serves "${served}" (see GET /v1/models), or leave "model" out.`, 404);

/** The one chat model Docent serves, as an OpenAI model object (GET /v1/models and /v1/models/{id}). */
export async function servedModel(db: Database) {
  const { id, created } = chatModelInfo(await loadSettings(db));
  return { id, object: 'model' as const, created, owned_by: 'docent' };
}

/**
 * What OpenAI's API refuses rather than silently ignores: a model it does not serve, more than
 * one choice, and (Docent's extension) a collection the viewer cannot see — each would otherwise
 * answer a different question than the one asked.
 */
export async function checkCompletionRequest(
  db: Database,
  viewerId: string | null,
  request: { model?: string | null; n?: number | null; collection?: string },
): Promise<void> {
  if (request.n != null && request.n > 1) {
    throw badRequest('unsupported_parameter', `n=${request.n} is not supported: Docent returns one choice per request; send n=1 or leave it out, and repeat the request for more.`);
  }
  if (request.model) {
    const served = (await servedModel(db)).id;
    if (request.model !== served) throw modelNotFound(request.model, served);
  }
  const collection = request.collection;
  if (collection && collection !== DEFAULT_COLLECTION && !(await getVisibleCollectionId(db, viewerId, collection))) {
    throw new AppError('collection_not_found', `The collection "${collection}" does not exist or is not shared with you; list yours with GET /api/collections.`, 404);
  }
}
