import { getDatabase, getEmbeddingContext, onShutdown } from '../runtime';
import { type IngestWorker, startIngestWorker } from './worker';

const globalState = globalThis as typeof globalThis & { __docentIngestWorker?: IngestWorker };

/** The server's one background ingestion worker, started on first use (see instrumentation.ts). */
export function ensureIngestWorker(): IngestWorker {
  if (!globalState.__docentIngestWorker) {
    const worker = startIngestWorker({ db: getDatabase, embedding: () => getEmbeddingContext() });
    globalState.__docentIngestWorker = worker;
    onShutdown(async () => {
      await worker.stop();
      globalState.__docentIngestWorker = undefined;
    });
  }
  return globalState.__docentIngestWorker;
}
