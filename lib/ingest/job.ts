import type { Database } from '@/db';
import { DOCUMENT_JOBS } from '@/db/queries/documents';
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import { EmbedderBusyError } from '../embeddings/openai';
import { describeError } from '../errors';
import type { JobKind, KindScope } from '../jobs';
import type { EmbeddingContext } from '../runtime';
import { loadSettings } from '../settings';
import { withBatchedEmbedding } from './embed-batcher';
import { ingestDocument, SpaceChangedError } from './pipeline';

/** Files up to this size may also be taken by the small-files lane, so they never wait behind a large one. */
export const SMALL_FILE_BYTES = 256 * 1024;

/** How long a document waits for an embeddings server that is down before it is tried again. */
const UPSTREAM_WAIT_SECONDS = 5;

/**
 * Fairness across people: the next document comes from the owner whose work was claimed least
 * recently (never first), so one person's 20-file batch alternates with everyone else's
 * uploads instead of queueing them behind it. Documents belong to their collection's owner.
 */
const FAIR_ORDER = `
  (SELECT max(o.claimed_at) FROM documents o JOIN collections oc ON oc.id = o.collection_id
   WHERE oc.owner_id IS NOT DISTINCT FROM (SELECT owner_id FROM collections WHERE id = c.collection_id)) NULLS FIRST,
  c.created_at, c.id`;

export interface IngestKindDeps {
  embedding: () => Promise<EmbeddingContext>;
  /** Texts per embedding call, shared across the documents in flight. */
  batchSize: number;
  log: (line: string) => void;
  onSpaceChanged?: () => void;
  /** Largest file the small-files lane takes; default SMALL_FILE_BYTES. */
  smallFileBytes?: number;
}

const ANALYZE_INTERVAL_MS = 60_000;
let lastAnalyze = 0;

/**
 * PGlite runs no autovacuum: without this its planner keeps the row estimates of an empty
 * table and never uses the HNSW index, and keyword lookups scan the full-text index's whole
 * pending list (see refreshSearchStatistics). PostgreSQL's autovacuum does the same job there.
 * At most once a minute; ANALYZE samples rows.
 */
export async function refreshPlannerStatistics(db: Database, force = false): Promise<void> {
  if (db.kind !== 'pglite' || (!force && Date.now() - lastAnalyze < ANALYZE_INTERVAL_MS)) return;
  lastAnalyze = Date.now();
  await refreshSearchStatistics(db);
}

/**
 * The `ingest` job: a queued document row is parsed, chunked, embedded and stored
 * (pipeline.ts). The `small` lane takes only small files; `main` takes any.
 */
export function ingestKind(deps: IngestKindDeps): JobKind<EmbeddingContext> {
  let lastLoadError = '';
  return {
    name: 'ingest',
    table: DOCUMENT_JOBS,
    failed: 'Ingestion failed',
    describe: (job) => `document ${String(job.id)}`,
    async scope(_db, lane): Promise<KindScope<EmbeddingContext> | null> {
      if (lane !== 'main' && lane !== 'small') return null;
      // Without an embedder (model not provisioned yet) documents stay queued rather than
      // failing: they are ingested as soon as the model is there. Health says what is missing.
      let embedding: EmbeddingContext;
      try {
        embedding = await deps.embedding();
        lastLoadError = '';
      } catch (err) {
        const message = describeError(err);
        if (message !== lastLoadError) deps.log(`waiting for the embedding model: ${message}`);
        lastLoadError = message;
        return null;
      }
      return {
        where: lane === 'small' ? 'c.bytes <= $2' : undefined,
        params: lane === 'small' ? [deps.smallFileBytes ?? SMALL_FILE_BYTES] : [],
        order: FAIR_ORDER,
        context: withBatchedEmbedding(embedding, deps.batchSize),
      };
    },
    async run(job, ctx, embedding) {
      const settings = await loadSettings(ctx.db);
      const document = { id: String(job.id), mimeType: String(job.mime_type), name: String(job.name) };
      const options = { chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: deps.batchSize, signal: ctx.signal };
      const { chunkCount } = await ingestDocument(ctx.db, embedding, document, options, ctx);
      await refreshPlannerStatistics(ctx.db);
      return `ready: ${chunkCount} chunks`;
    },
    // An embeddings server that is still down after the client's own retries: try again later.
    releaseOn: (err) => (err instanceof EmbedderBusyError ? UPSTREAM_WAIT_SECONDS : null),
    requeueOn(err) {
      // A switch of embedding space meanwhile: embedded again, at once, with the new active model.
      if (!(err instanceof SpaceChangedError)) return false;
      deps.onSpaceChanged?.();
      return true;
    },
  };
}
