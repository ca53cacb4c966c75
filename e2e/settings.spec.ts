import path from 'node:path';
import { ARTIFACTS, expect, test } from './fixtures';

test('a settings change survives a reload, and the API key is write-only', async ({ page, settings, request }) => {
  await settings.goto();
  await expect(page.getByRole('region', { name: 'Status' })).toContainText('PGlite');
  await settings.field('Top-k').fill('4');
  await settings.field('System prompt').fill('Answer in one short paragraph. Cite sources as [1], [2].');
  await settings.field('OpenAI API key').fill('sk-e2e-secret-0123456789');
  await settings.save();

  await page.reload();
  await expect(settings.field('Top-k')).toHaveValue('4');
  await expect(settings.field('System prompt')).toHaveValue('Answer in one short paragraph. Cite sources as [1], [2].');
  await expect(settings.field('LLM provider')).toHaveValue('openai');
  // The key never comes back: the field is empty and only says that a key is stored.
  await expect(settings.field('OpenAI API key')).toHaveValue('');
  await expect(page.getByText('A key is stored (encrypted)')).toBeVisible();
  const body = await (await request.get('/api/settings')).text();
  expect(body).not.toContain('sk-e2e-secret');
  expect(JSON.parse(body)).toMatchObject({ topK: 4, openaiApiKeySet: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'settings.png'), fullPage: true });

  // Saving again with the key field blank keeps the key; "Clear key" removes it.
  await settings.field('Top-k').fill('6');
  await settings.save();
  expect((await (await request.get('/api/settings')).json()).openaiApiKeySet).toBe(true);
  await page.getByRole('button', { name: 'Clear key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'removed' })).toBeVisible();
  expect((await (await request.get('/api/settings')).json()).openaiApiKeySet).toBe(false);

  // A bad value is refused with the server's reason, and nothing changes.
  await settings.field('Model').fill('model.gguf NODE_OPTIONS=--require=/tmp/x.js');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'llmModel' })).toContainText('must be a model name');
  expect((await (await request.get('/api/settings')).json()).llmModel).toBe('fake-llm');
});

test('the embedding model is editable, shows what search uses, and refuses unknown models', async ({ page, settings, request }) => {
  await settings.goto();
  await expect(settings.field('Embedding model')).toHaveValue('Xenova/all-MiniLM-L6-v2');
  await expect(page.getByText('Search uses Xenova/all-MiniLM-L6-v2')).toBeVisible();
  await settings.field('Embedding model').fill('nobody/no-such-model');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'nobody/no-such-model' })).toContainText('openai:<model>');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  const body = await (await request.get('/api/settings')).json();
  expect(body).toMatchObject({ embeddingModel: 'Xenova/all-MiniLM-L6-v2', embeddingIndex: { state: 'ready', targetModel: null } });
});

test('the settings API refuses unknown keys and hostile values', async ({ request }) => {
  for (const data of [{ bogus: 1 }, { llmModel: 'a.gguf\nNODE_OPTIONS=--inspect' }, { systemPrompt: 'x'.repeat(1024 * 1024) }, { topK: '5' }]) {
    const response = await request.put('/api/settings', { data });
    expect(response.status()).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) });
  }
});
