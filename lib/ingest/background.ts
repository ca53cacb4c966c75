import { reconcileEmbeddingModel } from '../reindex/change';
import { forgetActiveEmbeddingModel, getActiveEmbeddingContext, getDatabase, getEmbeddingContext, onShutdown } from '../runtime';
import { type IngestWorker, startIngestWorker } from './worker';

/**
 * How long the worker trusts the active model it last read. A switch by another process is
 * still caught when the document is stored (assertSpaceWritable), so this only saves a query
 * per document.
 */
const ACTIVE_MODEL_MAX_AGE_MS = 10_000;

const globalState = globalThis as typeof globalThis & { __docentIngestWorker?: IngestWorker };

/**
 * The server's one background worker, started on first use (see instrumentation.ts): it
 * ingests queued documents into the active embedding space and, when the embedding model was
 * changed, re-indexes documents into the new one.
 */
export function ensureIngestWorker(): IngestWorker {
  if (!globalState.__docentIngestWorker) {
    const worker = startIngestWorker({
      db: getDatabase,
      embedding: () => getActiveEmbeddingContext(ACTIVE_MODEL_MAX_AGE_MS),
      onSpaceChanged: forgetActiveEmbeddingModel,
      reindex: {
        embedding: (model) => getEmbeddingContext(model),
        reconcile: async () => reconcileEmbeddingModel(await getDatabase()),
        onSwitch: forgetActiveEmbeddingModel,
      },
    });
    globalState.__docentIngestWorker = worker;
    onShutdown(async () => {
      await worker.stop();
      globalState.__docentIngestWorker = undefined;
    });
  }
  return globalState.__docentIngestWorker;
}
