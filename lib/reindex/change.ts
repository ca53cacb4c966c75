import type { Database, Queryable } from '@/db';
import {
  activateSpaceIfUnset,
  deleteChunksOfSpace,
  type EmbeddingIndexState,
  getEmbeddingIndexState,
  setEmbeddingIndexTarget,
} from '@/db/queries/embedding-index';
import {
  countReindexJobs,
  deleteReindexJobs,
  enqueueReindexJobs,
  listReindexFailures,
  type ReindexFailure,
  retryFailedReindexJobs,
} from '@/db/queries/reindex-jobs';
import type { EmbeddingSpace } from '@/db/queries/embedding-models';
import { deleteSettingByKey, upsertSetting } from '@/db/queries/settings';
import { env } from '../env';
import { badRequest } from '../errors';
import { EMBEDDERS } from '../models/registry';
import { chosenEmbeddingModel, getEmbeddingContext } from '../runtime';
import { checkEmbeddingModelId, EMBEDDING_MODEL_SETTING, listLocalEmbeddingModels, modelFilesPresent } from '../embeddings/model-id';

/**
 * Changing the embedding model. The chosen model is a setting (EMBEDDING_MODEL when unset);
 * the model search uses is the *active* embedding space in the database. Choosing another
 * model registers its space and sets it as the re-index target; the ingestion worker of every
 * Docent process then re-embeds each ready document into it (jobs in `reindex_jobs`), and
 * when all are there the target becomes active in one transaction that deletes the old chunks
 * (lib/reindex/document.ts, run as the `reindex` job of lib/reindex/job.ts). Until then search and chat keep using the old space.
 */

/** Throws a 400 naming the choices when `value` is not a model Docent can use. */
export function validateEmbeddingModel(value: string): string {
  const { MODELS_DIR } = env();
  const check = checkEmbeddingModelId(value, {
    known: Object.keys(EMBEDDERS),
    present: (id) => modelFilesPresent(MODELS_DIR, id),
    modelsDir: MODELS_DIR,
  });
  if (!check.ok) throw badRequest('invalid_embedding_model', check.message);
  return check.id;
}

/** Models the admin page suggests: the registry's, those in MODELS_DIR, and every one registered before. */
export async function embeddingModelChoices(q: Queryable): Promise<string[]> {
  const registered = await q.query<{ name: string }>('SELECT name FROM embedding_models ORDER BY name');
  const all = new Set([...Object.keys(EMBEDDERS), ...listLocalEmbeddingModels(env().MODELS_DIR), ...registered.rows.map((r) => r.name)]);
  return [...all].sort();
}

export type ChangeOutcome = 'unchanged' | 'activated' | 'started' | 'cancelled' | 'retried';

/**
 * Prepares making `model` (null: back to EMBEDDING_MODEL) the chosen embedding model: checks
 * the id (400) and loads its embedder to register its space (a failure answers the loader's
 * message, e.g. 503 with what is missing) — before any lock is taken. The returned function
 * applies the change inside the caller's transaction, with the setting:
 * - the active model again → any re-index in progress is cancelled (its jobs and chunks deleted);
 * - the model being re-indexed to → its failed documents are retried;
 * - another model → a re-index to it starts, replacing any re-index in progress.
 */
export async function prepareEmbeddingModelChange(db: Database, model: string | null): Promise<(tx: Queryable) => Promise<ChangeOutcome>> {
  const wanted = model === null ? env().EMBEDDING_MODEL : validateEmbeddingModel(model);
  const chosen = await chosenEmbeddingModel(db);
  const before = await getEmbeddingIndexState(db);
  const known = [before.active, before.target].find((s) => s?.name === wanted);
  const space = known ?? (await getEmbeddingContext(wanted)).space;
  return async (tx) => {
    // Saving the value already chosen (a GET → PUT round trip) does not pin the environment's default.
    if (model === null) await deleteSettingByKey(tx, EMBEDDING_MODEL_SETTING);
    else if (wanted !== chosen) await upsertSetting(tx, EMBEDDING_MODEL_SETTING, wanted);
    return moveIndexTowards(tx, space);
  };
}

/** prepareEmbeddingModelChange and its application in one transaction. */
export async function changeEmbeddingModel(db: Database, model: string | null): Promise<ChangeOutcome> {
  const apply = await prepareEmbeddingModelChange(db, model);
  return db.transaction(apply);
}

/** The index state change behind changeEmbeddingModel; the caller's transaction holds the setting. */
async function moveIndexTowards(tx: Queryable, space: EmbeddingSpace): Promise<ChangeOutcome> {
  const state = await getEmbeddingIndexState(tx, 'update');
  if (!state.active) return (await activateSpaceIfUnset(tx, space.id)) ? 'activated' : 'unchanged';
  if (state.target?.id === space.id) return (await retryFailedReindexJobs(tx, space.id)) > 0 ? 'retried' : 'unchanged';
  if (state.target) await cancelTarget(tx, state.target);
  if (state.active.id === space.id) {
    if (!state.target) return 'unchanged';
    await setEmbeddingIndexTarget(tx, null);
    return 'cancelled';
  }
  // Leftovers of an earlier, cancelled attempt at this model would be mistaken for re-indexed documents.
  await deleteChunksOfSpace(tx, space.id);
  await deleteReindexJobs(tx, space.id);
  await setEmbeddingIndexTarget(tx, space.id);
  await enqueueReindexJobs(tx, space.id);
  return 'started';
}

async function cancelTarget(tx: Queryable, target: EmbeddingSpace): Promise<void> {
  await deleteReindexJobs(tx, target.id);
  await deleteChunksOfSpace(tx, target.id);
}

/**
 * At start (and on the worker's first pass): when the chosen model — the setting, else
 * EMBEDDING_MODEL — is neither active nor being re-indexed to, starts the re-index to it. So
 * changing EMBEDDING_MODEL and restarting re-indexes in the background as the admin page does.
 */
export async function reconcileEmbeddingModel(db: Database): Promise<ChangeOutcome> {
  const chosen = await chosenEmbeddingModel(db);
  const state = await getEmbeddingIndexState(db);
  if (!state.active || (state.target ?? state.active).name === chosen) return 'unchanged';
  const { space } = await getEmbeddingContext(chosen);
  return db.transaction(async (tx) => {
    // Someone may have changed the choice meanwhile; act only on what is still chosen.
    if ((await chosenEmbeddingModel(tx)) !== chosen) return 'unchanged';
    return moveIndexTowards(tx, space);
  });
}

export type ReindexState = 'ready' | 'reindexing' | 'failed';

/** What GET /api/settings and /api/status show about the embedding index. */
export interface EmbeddingIndexView {
  /** The model search and chat use now (null until the first document or search on a fresh database). */
  activeModel: string | null;
  activeDim: number | null;
  /** The model being re-indexed to, or null. */
  targetModel: string | null;
  targetDim: number | null;
  /** ready: nothing to do; reindexing: jobs left; failed: only failed documents hold the switch back. */
  state: ReindexState;
  /** Documents the re-index covers, those done, and those that failed (after retries). */
  total: number;
  done: number;
  failed: number;
  /** 0–1, counting the documents in progress by their own progress. */
  fraction: number;
  failures: ReindexFailure[];
  startedAt: string | null;
  lastReindex: { model: string; finishedAt: string } | null;
}

export function toEmbeddingIndexView(
  state: EmbeddingIndexState,
  counts: Awaited<ReturnType<typeof countReindexJobs>> | null,
  failures: ReindexFailure[],
): EmbeddingIndexView {
  const total = counts?.total ?? 0;
  return {
    activeModel: state.active?.name ?? null,
    activeDim: state.active?.dim ?? null,
    targetModel: state.target?.name ?? null,
    targetDim: state.target?.dim ?? null,
    state: !state.target ? 'ready' : counts && counts.pending === 0 && counts.failed > 0 ? 'failed' : 'reindexing',
    total,
    done: counts?.done ?? 0,
    failed: counts?.failed ?? 0,
    fraction: !state.target ? 1 : total === 0 ? 0 : Math.min(1, Math.round(((counts?.progress ?? 0) / total) * 1000) / 1000),
    failures,
    startedAt: state.reindexStartedAt ? new Date(state.reindexStartedAt).toISOString() : null,
    lastReindex: state.lastReindex ? { model: state.lastReindex.model, finishedAt: new Date(state.lastReindex.finishedAt).toISOString() } : null,
  };
}

export async function getEmbeddingIndexView(q: Queryable): Promise<EmbeddingIndexView> {
  const state = await getEmbeddingIndexState(q);
  if (!state.target) return toEmbeddingIndexView(state, null, []);
  const [counts, failures] = [await countReindexJobs(q, state.target.id), await listReindexFailures(q, state.target.id)];
  return toEmbeddingIndexView(state, counts, failures);
}
