-- One durable job runner (lib/jobs/): every job table (documents for ingestion, reindex_jobs
-- for re-indexing, later evaluation runs) carries the same job columns, so one set of claim /
-- lease / heartbeat / retry queries (db/queries/jobs.ts) serves them all.
--   run_after  a transient failure's back-off: the job is not claimed before this time.
--   retryable  false when the job failed for a reason the user must fix first (the Documents
--              page hides Retry; POST /api/documents/{id}/retry answers 409).
--   claimed_at when the job was last claimed: ingestion takes the next document from the
--              person whose work was claimed least recently, so one person's batch cannot
--              hold everyone else's note back.
ALTER TABLE documents ADD COLUMN run_after timestamptz;
ALTER TABLE documents ADD COLUMN retryable boolean NOT NULL DEFAULT true;
ALTER TABLE documents ADD COLUMN claimed_at timestamptz;
ALTER TABLE reindex_jobs ADD COLUMN run_after timestamptz;
ALTER TABLE reindex_jobs ADD COLUMN retryable boolean NOT NULL DEFAULT true;
ALTER TABLE reindex_jobs ADD COLUMN claimed_at timestamptz;
