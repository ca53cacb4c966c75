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

test('unknown API paths and methods answer in JSON, and /chat opens the chat', async ({ page, request }) => {
  const missing = await request.get('/api/no-such-route');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe('not_found');
  const wrongMethod = await request.delete('/api/health');
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers()['allow']).toBe('GET, HEAD, OPTIONS');
  expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');
  const model = await request.get('/v1/models/no-such-model');
  expect(model.status()).toBe(404);
  expect((await model.json()).error.code).toBe('model_not_found');

  await page.goto('/chat');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  // The browser app lists a favicon and a manifest that are really there.
  for (const rel of ['icon', 'manifest']) {
    const href = await page.locator(`link[rel="${rel}"]`).first().getAttribute('href');
    expect((await request.get(href!)).status()).toBe(200);
  }
});
