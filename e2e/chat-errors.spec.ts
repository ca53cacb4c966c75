import { DocumentsPage } from './pages/documents-page';
import { fakeRequests, setFakeReply } from './support/fake-llm';
import { expect, makeFiles, test, uniqueCollection } from './fixtures';

let collection: string;

test.beforeAll(async ({ browser }) => {
  collection = uniqueCollection('errors');
  const page = await browser.newPage();
  const documents = new DocumentsPage(page);
  await documents.goto();
  await documents.upload(makeFiles({ 'herons.md': '# Herons\n\nHerons stand still in shallow water and spear fish.\n' }), collection);
  await documents.expectStatus('herons.md', 'Ready');
  await page.close();
});

test.afterEach(async () => {
  await setFakeReply({});
});

test('a missing local model shows the server’s message, which says how to get it', async ({ chat, request }) => {
  expect((await request.put('/api/settings', { data: { llmProvider: 'local', llmModel: 'missing-model.gguf' } })).ok()).toBe(true);
  try {
    await chat.goto();
    await expect(chat.page.getByRole('status').filter({ hasText: 'missing-model.gguf' })).toBeVisible();
    await chat.chooseCollection(collection);
    await chat.ask('How do herons fish?');
    const alert = chat.lastAnswer().getByRole('alert');
    await expect(alert).toContainText('missing-model.gguf');
    await expect(alert).toContainText('npm run models:fetch');
    await expect(chat.sendButton).toBeVisible();
  } finally {
    await request.put('/api/settings', { data: { llmProvider: 'openai', llmModel: 'fake-llm' } });
  }
});

test('an upstream failure is shown, and Regenerate tries again', async ({ chat }) => {
  await setFakeReply({ mode: 'server_error' });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('How do herons fish?');
  await expect(chat.lastAnswer().getByRole('alert')).toContainText(/LLM server/);

  await setFakeReply({ text: 'They spear fish in shallow water [1].', tokenDelayMs: 10 });
  await chat.lastAnswer().getByRole('button', { name: /Regenerate/ }).click();
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toContainText('They spear fish in shallow water [1].');
  await expect(chat.answers()).toHaveCount(1);
});

test('an answer that breaks off mid-stream keeps its text and says so', async ({ chat }) => {
  await setFakeReply({ mode: 'break_mid_stream', text: 'Herons stand very still before striking [1].', tokenDelayMs: 30 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('How do herons fish?');
  await expect(chat.lastAnswer().getByRole('alert')).toBeVisible();
  await expect(chat.lastAnswer()).toContainText('Herons stand');
  await expect(chat.sendButton).toBeVisible();
});

test('the keyboard alone: Enter sends, Shift+Enter adds a line', async ({ page, chat }) => {
  await setFakeReply({ text: 'Herons spear fish [1].', tokenDelayMs: 10 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.message.focus();
  await page.keyboard.type('How do herons fish?');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('Answer briefly.');
  await expect(chat.message).toHaveValue('How do herons fish?\nAnswer briefly.');
  await page.keyboard.press('Enter');
  await chat.waitForAnswer();
  await expect(chat.message).toHaveValue('');
  expect((await fakeRequests()).at(-1)!.messages.at(-1)!.content).toContain('How do herons fish?\nAnswer briefly.');
  await expect(chat.lastAnswer()).toContainText('Herons spear fish');
  // Citations and sources are reachable by keyboard too.
  await chat.citation(1).focus();
  await page.keyboard.press('Enter');
  await expect(chat.sourcePanel()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(chat.citation(1)).toBeFocused();
});
