-- Changing the embedding model: which embedding space search uses, and a durable re-index
-- into a new space that search ignores until every document is in it (lib/embeddings/reindex.ts).

-- One row. `active_model_id` is the space search, chat and ingestion use; `target_model_id`,
-- when set, is the space a re-index is filling. They are never the same model, so old and
-- new vectors never meet in one query; the switch is one UPDATE of this row.
CREATE TABLE embedding_index (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  active_model_id integer REFERENCES embedding_models (id),
  target_model_id integer REFERENCES embedding_models (id),
  reindex_started_at timestamptz,
  -- The last re-index that completed, for the admin page.
  last_reindex_model_id integer REFERENCES embedding_models (id),
  last_reindex_finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (target_model_id IS NULL OR target_model_id IS DISTINCT FROM active_model_id)
);

-- An existing install searches the space that holds its chunks (the most, if several do).
INSERT INTO embedding_index (active_model_id)
SELECT (SELECT embedding_model_id FROM chunks GROUP BY embedding_model_id ORDER BY count(*) DESC, embedding_model_id DESC LIMIT 1);

-- One row per (document, target space): the re-index's jobs, claimed like documents are
-- (FOR UPDATE SKIP LOCKED + lease), so a re-index survives restarts and is shared by every
-- Docent process on one PostgreSQL. Rows go when the re-index completes or is cancelled.
CREATE TABLE reindex_jobs (
  embedding_model_id integer NOT NULL REFERENCES embedding_models (id),
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  attempts integer NOT NULL DEFAULT 0,
  lease_expires_at timestamptz,
  chunk_count integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (embedding_model_id, document_id)
);
CREATE INDEX reindex_jobs_pending ON reindex_jobs (embedding_model_id, created_at)
  WHERE status IN ('queued', 'processing');
CREATE INDEX reindex_jobs_by_document ON reindex_jobs (document_id);
