-- Which pages of a document were read by OCR (scans, images of pages) and Tesseract's mean
-- confidence over them (0–100), shown on the Documents page so a poor scan is visible.
-- NULL for documents whose text came entirely from a text layer.
ALTER TABLE documents ADD COLUMN ocr_pages integer[];
ALTER TABLE documents ADD COLUMN ocr_confidence real;
-- The address a document was fetched from ("Add from URL"); NULL for uploads. Shown with the
-- document and its citations, and what "Refresh" fetches again.
ALTER TABLE documents ADD COLUMN source_url text;
