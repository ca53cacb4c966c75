import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { activateSpaceIfUnset, getEmbeddingIndexState } from '@/db/queries/embedding-index';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { resetEnvCache } from '@/lib/env';
import { embedderToProvision } from '@/lib/models/start-plan';
import { BGE_SMALL_MODEL, DEFAULT_EMBEDDING_MODEL, MINILM_MODEL } from '@/lib/models/registry';
import { reconcileEmbeddingModel } from '@/lib/reindex/change';
import { activeEmbeddingModel, chosenEmbeddingModel, getDatabase, shutdownRuntime } from '@/lib/runtime';
import { useFreshDatabase } from '../helpers/test-env';

/**
 * A new install embeds with the default (all-MiniLM-L6-v2, the contract's); an install whose
 * index holds another model (bge-small-en-v1.5, say) keeps it with EMBEDDING_MODEL unset — no
 * silent re-embedding at start if the default changes — until the admin switches; an operator
 * who sets EMBEDDING_MODEL still re-indexes by restarting.
 */
describe('the default embedding model', () => {
  let drop: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    await shutdownRuntime();
    await drop?.();
    drop = await useFreshDatabase('pglite');
    delete process.env.EMBEDDING_MODEL; // as an install that never set it
    resetEnvCache();
  });
  afterAll(async () => {
    await shutdownRuntime();
    await drop?.();
  });

  it('is all-MiniLM-L6-v2 for a new install', async () => {
    expect(DEFAULT_EMBEDDING_MODEL).toBe(MINILM_MODEL);
    const db = await getDatabase();
    expect(await chosenEmbeddingModel(db)).toBe(MINILM_MODEL);
    expect(await activeEmbeddingModel()).toBe(MINILM_MODEL);
    expect(await embedderToProvision(db)).toBe(MINILM_MODEL);
  });

  it('stays bge-small-en-v1.5 for an install whose index holds it, until someone switches', async () => {
    const db = await getDatabase();
    // An install whose index is in bge's space (the default may have changed since), no setting.
    const bge = await ensureEmbeddingSpace(db, BGE_SMALL_MODEL, 384);
    expect(await activateSpaceIfUnset(db, bge.id)).toBe(true);

    expect(await chosenEmbeddingModel(db)).toBe(BGE_SMALL_MODEL);
    expect(await reconcileEmbeddingModel(db)).toBe('unchanged');
    expect(await getEmbeddingIndexState(db)).toMatchObject({ active: { name: BGE_SMALL_MODEL }, target: null });
    expect(await embedderToProvision(db)).toBe(BGE_SMALL_MODEL); // npm start fetches nothing new

    // The operator setting EMBEDDING_MODEL and restarting is a switch: the re-index starts.
    process.env.EMBEDDING_MODEL = MINILM_MODEL;
    resetEnvCache();
    expect(await chosenEmbeddingModel(db)).toBe(MINILM_MODEL);
    expect(await reconcileEmbeddingModel(db)).toBe('started');
    expect(await getEmbeddingIndexState(db)).toMatchObject({ active: { name: BGE_SMALL_MODEL }, target: { name: MINILM_MODEL } });

    // Unset again mid-way: the install follows the re-index it has begun rather than undoing it.
    delete process.env.EMBEDDING_MODEL;
    resetEnvCache();
    expect(await chosenEmbeddingModel(db)).toBe(MINILM_MODEL);
    expect(await reconcileEmbeddingModel(db)).toBe('unchanged');
  });
});
