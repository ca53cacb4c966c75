import type { Database } from '@/db';
import { getEmbeddingIndexState } from '@/db/queries/embedding-index';
import { REINDEX_JOBS } from '@/db/queries/reindex-jobs';
import { withBatchedEmbedding } from '../ingest/embed-batcher';
import { refreshPlannerStatistics } from '../ingest/job';
import { describeError } from '../errors';
import type { JobKind } from '../jobs';
import type { EmbeddingContext } from '../runtime';
import { loadSettings } from '../settings';
import { completeReindex, reindexDocument } from './document';

/** Re-indexing into a new embedding space (lib/reindex/change.ts starts one). */
export interface ReindexDeps {
  /** The context of the re-index's target model (loads its embedder). */
  embedding: (model: string) => Promise<EmbeddingContext>;
  /**
   * Run before the first claim, until it succeeds once: starts a re-index when the chosen
   * model (setting, or EMBEDDING_MODEL) is not the active one — e.g. after EMBEDDING_MODEL
   * was changed and the server restarted.
   */
  reconcile?: () => Promise<unknown>;
  /** Called after this worker made the re-index's model the active one. */
  onSwitch?: () => void;
}

/**
 * The `reindex` job: one document re-embedded into the target space. Runs in the main lane
 * after ingestion (the runner tries kinds in order); when no job is left, completes the switch.
 */
export function reindexKind(deps: ReindexDeps, opts: { batchSize: number; log: (line: string) => void }): JobKind<EmbeddingContext> {
  let reconciled = !deps.reconcile;
  let lastProblem = '';
  const problem = (what: string, err: unknown) => {
    const message = `${what}: ${describeError(err)}`;
    if (message !== lastProblem) opts.log(message);
    lastProblem = message;
  };

  return {
    name: 'reindex',
    table: REINDEX_JOBS,
    failed: 'Re-indexing failed',
    describe: (job) => `document ${String(job.document_id)}`,
    async scope(db, lane) {
      if (lane !== 'main') return null;
      if (!reconciled) {
        try {
          await deps.reconcile!();
          reconciled = true;
        } catch (err) {
          problem('could not apply the chosen embedding model', err);
        }
      }
      const { target } = await getEmbeddingIndexState(db);
      if (!target) return null;
      let embedding: EmbeddingContext;
      try {
        embedding = await deps.embedding(target.name);
      } catch (err) {
        // Jobs stay queued until the new model loads (e.g. after models:fetch); status shows it.
        problem(`waiting for the embedding model ${target.name} to re-index`, err);
        return null;
      }
      if (embedding.space.id !== target.id) return null;
      lastProblem = '';
      return { where: 'c.embedding_model_id = $2', params: [target.id], context: withBatchedEmbedding(embedding, opts.batchSize) };
    },
    async run(job, ctx, embedding) {
      const settings = await loadSettings(ctx.db);
      const task = { documentId: String(job.document_id), spaceId: Number(job.embedding_model_id) };
      const options = { chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: opts.batchSize, signal: ctx.signal };
      const { chunkCount } = await reindexDocument(ctx.db, embedding, task, options, ctx);
      return `re-indexed with ${embedding.space.name}: ${chunkCount} chunks`;
    },
    async whenEmpty(db: Database) {
      const { target } = await getEmbeddingIndexState(db);
      if (!target) return false;
      const outcome = await completeReindex(db, target.id);
      if (outcome === 'switched') {
        opts.log(`re-index complete: ${target.name} is now the active embedding model`);
        deps.onSwitch?.();
        await refreshPlannerStatistics(db, true);
      }
      return outcome === 'queued';
    },
  };
}
