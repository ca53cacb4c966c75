import path from 'node:path';
import { setFakeReply } from './support/fake-llm';
import { ARTIFACTS, expect, makeFiles, test, uniqueCollection } from './fixtures';

const RICH_ANSWER = [
  'Tea needs water at the right temperature [1].',
  '',
  '| Tea | °C | Minutes |',
  '|-----|----|---------|',
  '| Green | 80 | 2 |',
  '| Black | 95 | 4 |',
  '',
  '- Warm the pot first.',
  '- Use **fresh** water [2].',
  '',
  '```python',
  'def steep(minutes: int) -> str:',
  '    return f"steeped for {minutes} min"',
  '```',
].join('\n');

test.use({ colorScheme: 'dark' });

test('dark mode follows the system, and answers render markdown without layout shift while streaming', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('tea');
  await documents.goto();
  await documents.upload(
    makeFiles({ 'green-tea.md': '# Green tea\n\nSteep green tea at 80 °C for two minutes.\n', 'black-tea.md': '# Black tea\n\nSteep black tea at 95 °C for four minutes.\n' }),
    collection,
  );
  await documents.expectStatus('green-tea.md', 'Ready');
  await documents.expectStatus('black-tea.md', 'Ready');

  await setFakeReply({ text: RICH_ANSWER, tokenDelayMs: 60 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await page.evaluate(() => {
    const w = window as unknown as { __shift: number };
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) w.__shift += entry.value;
      }
    }).observe({ type: 'layout-shift' });
  });
  await chat.ask('How should I make tea?');
  await chat.waitForAnswer();
  const answer = chat.lastAnswer();
  await expect(answer.locator('table')).toBeVisible();
  await expect(answer.locator('code.hljs .hljs-keyword').first()).toHaveText('def');
  await expect(chat.sources()).toHaveCount(2);
  const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
  expect(shift).toBeLessThan(0.01);

  // Tailwind 4 writes colours as lab(); a lightness under 10 is the dark page background.
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(Number(/^lab\(([\d.]+)/.exec(background)?.[1] ?? 100)).toBeLessThan(10);
  await page.screenshot({ path: path.join(ARTIFACTS, 'chat-dark.png') });
});
