-- Docent's base schema. Runs unchanged on PGlite and on PostgreSQL with pgvector.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE collections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A document row is also its ingestion job: workers claim queued rows with
-- FOR UPDATE SKIP LOCKED and hold a lease, so a crashed worker's document is reclaimed.
CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  name text NOT NULL,
  title text,
  mime_type text NOT NULL,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  sha256 text NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  chunk_count integer NOT NULL DEFAULT 0,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  lease_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Identical bytes in one collection are stored once (ON CONFLICT in the insert).
  UNIQUE (collection_id, sha256)
);
CREATE INDEX documents_by_collection ON documents (collection_id, created_at DESC);
CREATE INDEX documents_pending ON documents (created_at) WHERE status IN ('queued', 'processing');

-- The uploaded bytes live in the database, not on a local disk, so any Docent instance
-- behind a load balancer can (re)process any document.
CREATE TABLE document_files (
  document_id uuid PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  content bytea NOT NULL
);

-- Each embedding model gets an id; chunks record which model embedded them, so old and new
-- dimensions never mix when the model changes.
CREATE TABLE embedding_models (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  dim integer NOT NULL CHECK (dim > 0 AND dim <= 16000),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- `embedding` is declared without a dimension so several models can coexist; the HNSW
-- index is a partial expression index per model, `(embedding::vector(dim))` WHERE the
-- model matches, created when a model is first registered (db/queries/embedding-models.ts).
-- Vectors are normalised, so cosine distance ranks exactly as inner product would.
CREATE TABLE chunks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  embedding_model_id integer NOT NULL REFERENCES embedding_models (id),
  ordinal integer NOT NULL,
  text text NOT NULL,
  token_count integer NOT NULL,
  page integer,
  heading_path text[] NOT NULL DEFAULT '{}',
  embedding vector NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (document_id, embedding_model_id, ordinal)
);
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);

-- Admin settings: validated JSON values that override the environment's defaults.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
