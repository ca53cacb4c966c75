import type { Database } from '@/db';
import { DOCUMENT_JOBS } from '@/db/queries/documents';
import { claimJob, failJob } from '@/db/queries/jobs';
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import { addDocuments } from '@/lib/documents/documents';
import { describeError } from '@/lib/errors';
import { ingestDocument, type PipelineOptions } from '@/lib/ingest/pipeline';
import { jobContext } from '@/lib/jobs';
import type { EmbeddingContext } from '@/lib/runtime';
import { NO_ACCOUNTS } from '@/lib/auth/viewer';

export interface CorpusDocument {
  id: string;
  text: string;
  /** Names the stored file (as a real upload's name says what it is); the id otherwise. */
  title?: string;
}

export interface IngestCorpusOptions extends Omit<PipelineOptions, 'signal'> {
  collection: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Carry on an interrupted ingestion of the same corpus into this database: documents already
   * stored come back from addDocuments as duplicates and are not processed again; the one the
   * interrupted run held is queued again.
   */
  resume?: boolean;
}

export interface IngestedCorpus {
  /** Stored document id → the corpus ids it holds (several only when texts were identical). */
  aliases: Map<string, string[]>;
  chunks: number;
  /** Documents this call ran through the pipeline (fewer than the corpus when resuming). */
  processed: number;
  failed: { id: string; reason: string }[];
  seconds: number;
}

// Files per addDocuments call: one transaction each, as one multi-file upload would be.
const UPLOAD_BATCH = 250;

/**
 * Ingests a corpus through Docent's own stages: addDocuments stores each text as an uploaded
 * .txt file, then every queued document is claimed and run through ingestDocument (parse →
 * chunk → embed → store) — the two calls the background worker makes. Driving them here
 * rather than through startIngestWorker lets the eval pass a profile's chunk options without
 * writing admin settings, and skips the worker's poll sleeps; the per-document work is the same.
 */
export async function ingestCorpus(
  db: Database,
  embedding: EmbeddingContext,
  docs: CorpusDocument[],
  opts: IngestCorpusOptions,
): Promise<IngestedCorpus> {
  const { collection, onProgress, resume, ...pipeline } = opts;
  const started = performance.now();
  const aliases = new Map<string, string[]>();
  // Nothing else works on an eval database: a document left 'processing' was the killed run's.
  if (resume) await db.query(`UPDATE documents SET status = 'queued', lease_expires_at = NULL WHERE status = 'processing'`);
  let done = 0;
  for (let start = 0; start < docs.length; start += UPLOAD_BATCH) {
    const batch = docs.slice(start, start + UPLOAD_BATCH);
    const views = await addDocuments(
      db,
      NO_ACCOUNTS,
      batch.map((d) => ({ fileName: `${d.title?.trim() || d.id}.txt`, declaredMime: 'text/plain', content: Buffer.from(d.text, 'utf8') })),
      collection,
    );
    views.forEach((view, i) => aliases.set(view.id, [...(aliases.get(view.id) ?? []), batch[i].id]));
    for (;;) {
      const job = await claimJob(db, DOCUMENT_JOBS, 600);
      if (!job) break;
      const id = String(job.id);
      try {
        const steps = jobContext(db, DOCUMENT_JOBS, job, { leaseSeconds: 600 });
        await ingestDocument(db, embedding, { id, mimeType: String(job.mime_type) }, pipeline, steps);
      } catch (err) {
        await failJob(db, DOCUMENT_JOBS, job, describeError(err), false);
      }
      onProgress?.(++done, docs.length);
    }
  }
  // Outside the timed span.
  const seconds = (performance.now() - started) / 1000;
  await refreshSearchStatistics(db);
  // Counted from the database, so a resumed ingestion reports the documents of earlier runs too.
  const { rows } = await db.query<{ id: string; status: string; chunks: number; error: string | null }>(
    `SELECT d.id, d.status, d.chunk_count AS chunks, d.error FROM documents d JOIN collections c ON c.id = d.collection_id
     WHERE c.name = $1 AND d.status IN ('ready', 'failed')`,
    [collection],
  );
  const chunks = rows.reduce((sum, r) => sum + (r.status === 'ready' ? Number(r.chunks) : 0), 0);
  const failed = rows.filter((r) => r.status === 'failed').map((r) => ({ id: aliases.get(r.id)?.join(',') ?? r.id, reason: r.error ?? 'failed' }));
  return { aliases, chunks, processed: done, failed, seconds };
}

