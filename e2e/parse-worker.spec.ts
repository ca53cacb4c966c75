import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets/docs');

// Under `next start` parsing and chunking run in a worker thread started from lib/ (the bundle
// cannot carry a worker's entry): a DOCX, a web page and a PDF each reach Ready through it.
test('DOCX, HTML and PDF uploads are parsed in the worker thread and turn Ready', async ({ page }) => {
  const files = ['docx/tables.docx', 'html/example-steelJIS-datasheet.html', 'pdf/multicolumn.pdf'];
  await page.goto('/documents');
  await page.getByLabel('Upload documents').setInputFiles(files.map((f) => path.join(DOCS, f)));
  for (const file of files) {
    const row = page.getByRole('listitem').filter({ hasText: path.basename(file) });
    await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 90_000 });
  }
});
