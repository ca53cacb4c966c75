import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { setFakeReply } from './support/fake-llm';
import { ARTIFACTS, expect, makeFiles, test, uniqueCollection } from './fixtures';

/** A three-page PDF whose second page alone holds the passage the question is about. */
async function turbinePdf(): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    ['Maintenance handbook', 'This handbook covers the wind farm and its staff rota.'],
    ['Turbine speeds', 'The zephyr turbine spins at nine hundred revolutions per minute.', 'Its blades are inspected every spring.'],
    ['Contacts', 'Call the site office for keys and access badges.'],
  ];
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 60, y: 760 - i * 24, size: i === 0 ? 20 : 12, font }));
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docent-e2e-viewer-')), 'handbook.pdf');
  fs.writeFileSync(file, await pdf.save());
  return file;
}

test('a citation opens the Source viewer at the cited PDF page with the passage highlighted', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('viewer');
  await documents.goto();
  await documents.upload(await turbinePdf(), collection);
  await documents.expectStatus('handbook.pdf', 'Ready');

  await setFakeReply({ text: 'It spins at nine hundred revolutions per minute [1].' });
  await chat.openFromNav();
  await chat.chooseCollection(collection);
  await chat.ask('How fast does the zephyr turbine spin?');
  await chat.waitForAnswer();
  await chat.citation(1).click();

  const viewer = page.getByRole('region', { name: 'Source viewer' });
  await expect(viewer).toBeVisible();
  const canvas = viewer.locator('canvas[data-rendered="true"]');
  await expect(canvas).toHaveAttribute('data-page', '2', { timeout: 30_000 });
  await expect(viewer.getByRole('img', { name: 'Page 2' })).toBeVisible();
  await expect(viewer.locator('[data-highlight]').first()).toBeVisible();
  // The page is drawn: the canvas is not blank white.
  const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark++;
    return dark;
  });
  expect(inked).toBeGreaterThan(100);
  await page.screenshot({ path: path.join(ARTIFACTS, 'source-viewer-pdf.png') });
});

test('for a text document the Source viewer shows the text with the passage marked in view', async ({ page, documents, chat }) => {
  const collection = uniqueCollection('viewer-text');
  const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} is about the weather on an ordinary day in the valley.`).join('\n\n');
  const [file] = makeFiles({ 'valley.md': `# Valley notes\n\n${filler}\n\n## Bees\n\nThe marigold hives produce amber honey every August.\n` });
  await documents.goto();
  await documents.upload(file, collection);
  await documents.expectStatus('valley.md', 'Ready');

  await setFakeReply({ text: 'Amber honey, in August [1].' });
  await chat.openFromNav();
  await chat.chooseCollection(collection);
  await chat.ask('What do the marigold hives produce?');
  await chat.waitForAnswer();
  await chat.citation(1).click();

  const viewer = page.getByRole('region', { name: 'Source viewer' });
  const mark = viewer.locator('mark');
  await expect(mark).toContainText('marigold hives produce amber honey');
  await expect(mark).toBeInViewport();
  await expect(viewer).toContainText('Paragraph 1 is about the weather');
});
