-- Contextual chunks: each chunk keeps the document title and heading path it was embedded
-- with, and the keyword index covers them too. The shown text (chunks.text) is unchanged.
-- Existing chunks get an empty context, so their index is what it was until re-ingested.
ALTER TABLE chunks ADD COLUMN context text NOT NULL DEFAULT '';
DROP INDEX chunks_tsv;
ALTER TABLE chunks DROP COLUMN tsv;
ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', context || ' ' || text)) STORED;
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);

-- Follow-up questions are searched as a standalone query built from the recent turns; the
-- query actually searched is kept with the answer, so a trace can show what was looked up.
ALTER TABLE messages ADD COLUMN search_query text;
