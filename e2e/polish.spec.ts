import { expect, makeFiles, test, uniqueCollection } from './fixtures';
import { setFakeReply } from './support/fake-llm';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('an answer can be copied, its source chips read "1 name", one passage is one source, and history is grouped by date', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('polish');
  const passage = '# Owls\n\nBarn owls hunt at night by sound alone.\n';
  await documents.goto();
  // The same passage twice (another file name): it must reach the answer as one source.
  await documents.upload(makeFiles({ 'owls.md': passage, 'owls-copy.md': `${passage}\n` }), collection);
  await documents.expectStatus('owls.md', 'Ready');
  await documents.expectStatus('owls-copy.md', 'Ready');

  await setFakeReply({ text: 'Barn owls hunt by sound [1].', tokenDelayMs: 20 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('How do barn owls hunt?');
  await chat.waitForAnswer();
  await expect(chat.sources()).toHaveCount(1);
  await expect(chat.lastAnswer().getByRole('button', { name: /^1 owls(-copy)?\.md$/ })).toBeVisible();

  await chat.lastAnswer().getByRole('button', { name: 'Copy answer' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('Barn owls hunt by sound [1].');

  await page.reload();
  const history = page.getByRole('complementary', { name: 'Chat history' });
  await expect(history.getByRole('region', { name: 'Today' }).getByRole('button', { name: 'How do barn owls hunt?', exact: true })).toBeVisible();
  // Icons are drawn (SVG), not emoji that need an emoji font.
  await expect(history.getByRole('button', { name: 'Delete chat How do barn owls hunt?' }).locator('svg')).toHaveCount(1);
});

test('a new API key can be copied', async ({ page }) => {
  await page.goto('/account');
  await page.getByLabel('Key name').fill(`copy-${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = await page.getByRole('status').filter({ hasText: 'Copy this key now' }).locator('code').textContent();
  await page.getByRole('button', { name: 'Copy key' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key);
});

test('leaving the Documents page with uploads still in the browser asks first', async ({ page, documents }) => {
  // Hold the upload so that it is still on its way when the page is left.
  let release: () => void = () => undefined;
  await page.route('**/api/documents', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await new Promise<void>((resolve) => (release = resolve));
    await route.continue();
  });
  await documents.goto();
  await documents.upload(makeFiles({ 'slow.md': '# Slow\n\nStill uploading.\n' }));
  await expect(documents.row('slow.md')).toBeVisible();
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  await shown.dismiss();
  release();
});
