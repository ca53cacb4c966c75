import path from 'node:path';
import { DEFAULT_ANSWER } from './support/global-setup';
import { fakeRequests, setFakeReply } from './support/fake-llm';
import { ARTIFACTS, DATASETS, expect, makeFiles, test, uniqueCollection } from './fixtures';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text the model was given as source `n` in its last request. */
async function promptSource(n: number): Promise<string> {
  const last = (await fakeRequests()).at(-1)!;
  const prompt = last.messages.map((m) => m.content).join('\n');
  const match = new RegExp(`<source id="${n}"[^>]*>([\\s\\S]*?)</source>`).exec(prompt);
  if (!match) throw new Error(`source ${n} is not in the prompt`);
  return match[1];
}

test('a PDF turns Ready, and a streamed answer cites it and opens the right source', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('paper');
  await documents.goto();
  await documents.upload(path.join(DATASETS, 'pdf/multicolumn.pdf'), collection);
  await documents.expectStatus('multicolumn.pdf', 'Ready');
  await expect(documents.row('multicolumn.pdf')).toContainText(/\d+ chunks/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'documents.png'), fullPage: true });

  await setFakeReply({ text: DEFAULT_ANSWER, tokenDelayMs: 150 });
  await chat.openFromNav();
  await chat.chooseCollection(collection);
  await chat.ask('What does the paper describe?');
  await expect(chat.stopButton).toBeVisible();
  await chat.waitForAnswer();
  await expect(chat.sendButton).toBeVisible();
  await expect(chat.lastAnswer()).toContainText('The answer is in the paper [1].');
  await expect(chat.sources().first()).toContainText('multicolumn.pdf');

  await chat.citation(1).click();
  const panel = chat.sourcePanel();
  await expect(panel).toContainText('multicolumn.pdf');
  const shown = squash(await panel.locator('blockquote').innerText());
  expect(shown.length).toBeGreaterThan(20);
  expect(squash(await promptSource(1))).toBe(shown);
  await page.screenshot({ path: path.join(ARTIFACTS, 'chat.png') });
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);

  // After a reload the same renderer shows the stored answer, citations and all.
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(chat.lastAnswer()).toContainText('The answer is in the paper [1].');
  await chat.citation(1).click();
  await expect(chat.sourcePanel()).toContainText('multicolumn.pdf');
  await expect(page.getByRole('complementary', { name: 'Chat history' }).getByRole('button', { name: 'What does the paper describe?', exact: true })).toBeVisible();
});

test('Stop ends the answer mid-stream and the server stops generating', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('stop');
  await documents.goto();
  await documents.upload(makeFiles({ 'zebras.md': '# Zebras\n\nZebras eat clover at dawn and sleep standing up.\n' }), collection);
  await documents.expectStatus('zebras.md', 'Ready');

  const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
  await setFakeReply({ text: `Zebras eat clover [1]. ${words}`, tokenDelayMs: 250 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('What do zebras eat?');
  await expect(chat.lastAnswer()).toContainText('word2');
  await chat.stopButton.click();

  await expect(chat.sendButton).toBeVisible();
  await expect(chat.lastAnswer()).toContainText('Stopped.');
  await expect(chat.lastAnswer()).not.toContainText('word79');
  await expect.poll(async () => (await fakeRequests()).at(-1)?.closedByClient, { timeout: 5_000 }).toBe(true);
  const last = (await fakeRequests()).at(-1)!;
  expect(last.finished).toBe(false);

  // Esc stops too.
  await chat.ask('And where do they sleep?');
  // A follow-up is first rewritten into a standalone query (up to 3 s, then the fallback).
  await expect(chat.lastAnswer()).toContainText('word1', { timeout: 15_000 });
  await page.keyboard.press('Escape');
  await expect(chat.sendButton).toBeVisible();
  await expect.poll(async () => (await fakeRequests()).at(-1)?.closedByClient, { timeout: 5_000 }).toBe(true);

  // Regenerate asks the last question again and replaces the stopped answer, here and stored.
  await setFakeReply({ text: 'They sleep standing up [1].', tokenDelayMs: 20 });
  await chat.lastAnswer().getByRole('button', { name: /Regenerate/ }).click();
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toContainText('They sleep standing up [1].');
  await page.reload();
  await expect(chat.answers()).toHaveCount(2);
  await expect(chat.lastAnswer()).toContainText('They sleep standing up [1].');
});

test('a deleted document no longer appears in new answers’ sources', async ({ documents, chat }) => {
  const collection = uniqueCollection('delete');
  await documents.goto();
  await documents.upload(
    makeFiles({
      'okapi-notes.md': '# Okapi\n\nThe okapi lives in the Ituri rainforest and eats leaves.\n',
      'quokka-notes.md': '# Quokka\n\nThe quokka lives on Rottnest Island and eats grasses.\n',
    }),
    collection,
  );
  await documents.expectStatus('okapi-notes.md', 'Ready');
  await documents.expectStatus('quokka-notes.md', 'Ready');

  await setFakeReply({ text: 'Both animals eat plants [1][2].', tokenDelayMs: 10 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('What do okapis and quokkas eat?');
  await chat.waitForAnswer();
  await expect(chat.sources()).toHaveCount(2);
  await expect(chat.lastAnswer().getByRole('region', { name: 'Sources' })).toContainText('quokka-notes.md');

  await documents.goto();
  await documents.delete('quokka-notes.md');

  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('What do okapis and quokkas eat?');
  await chat.waitForAnswer();
  const sources = chat.lastAnswer().getByRole('region', { name: 'Sources' });
  await expect(sources).toContainText('okapi-notes.md');
  await expect(sources).not.toContainText('quokka-notes.md');
});
