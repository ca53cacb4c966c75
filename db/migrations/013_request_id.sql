-- The request that queued a document, so the worker that ingests it (on any instance) can
-- tag its log lines with the same id (lib/log.ts). Null for documents queued before this.
ALTER TABLE documents ADD COLUMN request_id text;
