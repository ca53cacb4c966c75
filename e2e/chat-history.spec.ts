import { DocumentsPage } from './pages/documents-page';
import { setFakeReply } from './support/fake-llm';
import { expect, makeFiles, test, uniqueCollection } from './fixtures';

test('chats can be reopened, renamed and deleted from the history', async ({ browser, page, chat }) => {
  const collection = uniqueCollection('history');
  const setup = await browser.newPage();
  const documents = new DocumentsPage(setup);
  await documents.goto();
  await documents.upload(makeFiles({ 'moths.md': '# Moths\n\nMoths navigate by the moon.\n' }), collection);
  await documents.expectStatus('moths.md', 'Ready');
  await setup.close();

  await setFakeReply({ text: 'By the moon [1].', tokenDelayMs: 5 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('How do moths navigate?');
  await chat.waitForAnswer();
  const chatUrl = page.url();
  expect(chatUrl).toMatch(/\/chat\//);

  const history = page.getByRole('complementary', { name: 'Chat history' });
  await history.getByRole('button', { name: 'New chat' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.answers()).toHaveCount(0);

  await history.getByRole('button', { name: 'How do moths navigate?', exact: true }).click();
  await expect(page).toHaveURL(chatUrl);
  await expect(chat.lastAnswer()).toContainText('By the moon');

  await history.getByRole('button', { name: 'Rename chat How do moths navigate?' }).click();
  await history.getByLabel('Chat title').fill('Moth navigation');
  await history.getByLabel('Chat title').press('Enter');
  await expect(history.getByRole('button', { name: 'Moth navigation', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Moth navigation' })).toBeVisible();

  await history.getByRole('button', { name: 'Delete chat Moth navigation' }).click();
  await history.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(history.getByRole('button', { name: 'Moth navigation', exact: true })).toHaveCount(0);
  expect((await page.request.get(chatUrl.replace('/chat/', '/api/chats/'))).status()).toBe(404);
});
