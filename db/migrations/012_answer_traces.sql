-- Answer traces and answer-quality evaluations (issue 13).

-- For an answer: why it was given and where its time went (lib/chat/trace.ts). Written with
-- the message when the stream ends; the citation check fills in `supported` a moment later.
ALTER TABLE messages ADD COLUMN trace jsonb;

-- One evaluation run over a question set and a collection. The row is also its job, with the
-- job columns every job table carries (lib/jobs, migration 008): a runner claims `queued` rows
-- with SKIP LOCKED and a lease. `settings` is the snapshot the run used, so two runs compare.
CREATE TABLE evaluations (
  id uuid PRIMARY KEY,
  owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  collection text NOT NULL,
  -- answers: asks the model; retrieval: only expected documents were given, no model needed.
  kind text NOT NULL CHECK (kind IN ('answers', 'retrieval')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  progress real NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  lease_expires_at timestamptz,
  run_after timestamptz,
  claimed_at timestamptz,
  retryable boolean NOT NULL DEFAULT true,
  error text,
  settings jsonb NOT NULL DEFAULT '{}',
  metrics jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evaluations_by_time ON evaluations (created_at DESC, id);

-- One row per question of a run; `result` (answer, F1, cited documents, trace) once asked.
CREATE TABLE evaluation_questions (
  evaluation_id uuid NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  question text NOT NULL,
  expected_answer text,
  expected_documents text[] NOT NULL DEFAULT '{}',
  result jsonb,
  PRIMARY KEY (evaluation_id, ordinal)
);
