import { setFakeReply } from './support/fake-llm';
import { expect, makeFiles, test, uniqueCollection } from './fixtures';

const ZEBRAS = 'Zebra husbandry notes. The quokka-7731 protocol feeds zebras clover at dawn, and the zebras sleep standing up.';

test('an answer shows its trace and quietly marks a citation its source does not support', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('trace');
  await documents.goto();
  await documents.upload(makeFiles({ 'zebras.txt': ZEBRAS }), collection);
  await documents.expectStatus('zebras.txt', 'Ready');

  await setFakeReply({ text: 'The lighthouse budget for next year is four thousand crowns [1].', tokenDelayMs: 20 });
  await chat.openFromNav();
  await chat.chooseCollection(collection);
  await chat.ask('What do zebras eat?');
  await chat.waitForAnswer();

  // The answer stays whole; its citation is only marked, with the reason as a tooltip.
  await expect(chat.lastAnswer()).toContainText('four thousand crowns');
  await expect(chat.citation(1)).toHaveClass(/citation-unsupported/, { timeout: 15_000 });
  await expect(chat.citation(1)).toHaveAttribute('title', /may not support/);

  await chat.lastAnswer().getByRole('button', { name: 'Trace' }).click();
  const trace = page.getByRole('region', { name: 'Answer trace' });
  await expect(trace).toContainText('zebras.txt');
  await expect(trace).toContainText('Sent');
  await expect(trace.getByRole('img', { name: /Prompt budget/ })).toBeVisible();
  await expect(trace.getByRole('img', { name: /Timings/ })).toBeVisible();
  await expect(trace.getByRole('list', { name: 'Warnings' })).toContainText('Source [1] may not support');
});

test('an admin uploads a question set, watches it run and opens a question’s trace', async ({ page, documents }) => {
  const collection = uniqueCollection('eval');
  await documents.goto();
  await documents.upload(makeFiles({ 'zebras.txt': ZEBRAS }), collection);
  await documents.expectStatus('zebras.txt', 'Ready');

  // Slow answers, so the run's progress can be seen moving.
  await setFakeReply({ text: 'Zebras eat clover [1].', tokenDelayMs: 250 });
  const questions = ['What do zebras eat?', 'When are zebras fed?', 'How do zebras sleep?', 'Which protocol feeds zebras?'];
  const set = questions.map((question, i) => JSON.stringify({ question, expected_answer: i === 0 ? 'clover' : 'at dawn' })).join('\n');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evaluate' }).click();
  await expect(page.getByRole('heading', { name: 'Evaluate', level: 1 })).toBeVisible();
  await page.getByLabel('Question set').setInputFiles(makeFiles({ 'zebra-questions.jsonl': set }));
  await page.getByLabel('Collection').selectOption(collection);
  await page.getByRole('button', { name: 'Run evaluation' }).click();

  const run = page.getByRole('region', { name: 'Runs' }).getByRole('listitem').filter({ hasText: 'zebra-questions.jsonl' }).first();
  await expect(run.getByText(/^Running \d+%$/)).toBeVisible({ timeout: 30_000 });
  await expect(run.getByText('Done', { exact: true })).toBeVisible({ timeout: 60_000 });

  await run.getByRole('link', { name: 'zebra-questions.jsonl' }).click();
  await expect(page.getByRole('heading', { name: 'Evaluation', level: 1 })).toBeVisible();
  const metrics = page.getByRole('table', { name: 'Metrics and settings' });
  await expect(metrics.getByRole('row', { name: /Token F1/ })).toContainText('%');
  await expect(metrics.getByRole('row', { name: /Top-k/ })).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: 'What do zebras eat?' });
  await expect(row).toContainText('zebras.txt');
  await row.getByRole('button', { name: 'Trace' }).click();
  await expect(page.getByRole('region', { name: 'Answer trace' })).toContainText('Sent');
});
