import fs from 'node:fs';
import os from 'node:os';
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

test('a document too long for the context shows which section is being read before the answer', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('long');
  const paragraph = (topic: string, i: number) => `The ${topic} survey recorded observation ${i} in the northern valley, noting weather, soil and water. `.repeat(5);
  const section = (topic: string) => `## ${topic}\n\n${Array.from({ length: 30 }, (_, i) => paragraph(topic, i)).join('\n\n')}\n\n`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docent-e2e-long-')), 'valley-report.md');
  fs.writeFileSync(file, `# Valley field report\n\n${section('Alpha')}${section('Beta')}${section('Gamma')}`);
  await documents.goto();
  await documents.upload(file, collection);
  await documents.expectStatus('valley-report.md', 'Ready');
  await documents.row('valley-report.md').getByRole('button', { name: 'Chat about this document' }).click();

  // Each section's summary takes a moment, so the progress is there to be seen.
  await setFakeReply({ text: 'The valley was surveyed [1].', firstTokenDelayMs: 1500 });
  await chat.ask('Summarise this report.');
  await expect(page.getByRole('status').filter({ hasText: /^Reading section 2 of \d+…$/ })).toBeVisible();
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toContainText('[1]');
  await expect(page.getByText(/Reading section \d+ of/)).toHaveCount(0);
});
