-- Which pages of a document were read by OCR (scans, images of pages) and Tesseract's mean
-- confidence over them (0–100), shown on the Documents page so a poor scan is visible.
-- NULL for documents whose text came entirely from a text layer.
ALTER TABLE documents ADD COLUMN ocr_pages integer[];
ALTER TABLE documents ADD COLUMN ocr_confidence real;
