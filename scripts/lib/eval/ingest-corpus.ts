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
}

export interface IngestedCorpus {
  /** Stored document id → the corpus ids it holds (several only when texts were identical). */
  aliases: Map<string, string[]>;
  chunks: number;
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
  const { collection, onProgress, ...pipeline } = opts;
  const started = performance.now();
  const aliases = new Map<string, string[]>();
  const failed: IngestedCorpus['failed'] = [];
  let chunks = 0;
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
        chunks += (await ingestDocument(db, embedding, { id, mimeType: String(job.mime_type) }, pipeline, steps)).chunkCount;
      } catch (err) {
        const reason = describeError(err);
        await failJob(db, DOCUMENT_JOBS, job, reason, false);
        failed.push({ id: aliases.get(id)?.join(',') ?? id, reason });
      }
      onProgress?.(++done, docs.length);
    }
  }
  // Outside the timed span.
  const seconds = (performance.now() - started) / 1000;
  await refreshSearchStatistics(db);
  return { aliases, chunks, failed, seconds };
}

