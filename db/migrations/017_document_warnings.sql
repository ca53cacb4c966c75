-- What the parser left out or could not read in an otherwise ready document (text hidden in
-- Word, capped sheets, unreadable pages), shown with it on the Documents page so nothing is
-- dropped silently. Empty for documents read in full.
ALTER TABLE documents ADD COLUMN parse_warnings text[] NOT NULL DEFAULT '{}';
