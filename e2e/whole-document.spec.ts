import path from 'node:path';
import { fakeRequests, setFakeReply } from './support/fake-llm';
import { DATASETS, expect, test, uniqueCollection } from './fixtures';

test('Chat about this document asks about that document read whole, chosen in the composer picker', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('whole');
  await documents.goto();
  await documents.upload(path.join(DATASETS, 'md/codeblock.md'), collection);
  await documents.expectStatus('codeblock.md', 'Ready');

  await documents.row('codeblock.md').getByRole('button', { name: 'Chat about this document' }).click();
  await expect(page).toHaveURL(/\/\?document=[0-9a-f-]{36}$/);
  const picker = page.getByRole('combobox', { name: 'Document' });
  await expect(picker.locator('option:checked')).toHaveText('codeblock.md');

  await setFakeReply({ text: 'It shows a code block [1].' });
  await chat.ask('Summarise this document.');
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toContainText('[1]');
  await expect(chat.sources().first()).toContainText('codeblock.md');
  // The request named the document, so it was read rather than searched.
  const last = (await fakeRequests()).at(-1)!;
  expect(last.messages.map((m) => m.content).join('\n')).toContain('document="codeblock.md"');
});
