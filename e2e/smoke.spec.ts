import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets/docs');

test('navigation reaches every page', async ({ page }) => {
  await page.goto('/');
  for (const name of ['Chat', 'Documents', 'Settings']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Documents', exact: true }).click();
  await expect(page).toHaveURL(/\/documents$/);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
});

test('an uploaded document turns Ready and can be deleted', async ({ page, request }) => {
  await page.goto('/documents');
  await page.getByLabel('Upload documents').setInputFiles(path.join(DOCS, 'md/simple-table.md'));
  const row = page.getByRole('listitem').filter({ hasText: 'simple-table.md' });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });

  const health = await (await request.get('/api/health')).json();
  expect(health.database.kind).toBe('pglite');

  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await row.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'simple-table.md' })).toHaveCount(0);
});
