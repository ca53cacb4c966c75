import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HIDDEN_MARKERS, sidePartsDocx } from '../lib/ingest/parse/docx-fixtures';
import { buildZip } from '../lib/ingest/parse/test-helpers';
import { fakeRequests, setFakeReply } from './support/fake-llm';
import { DATASETS, expect, test, uniqueCollection } from './fixtures';

test('text hidden in a Word file never reaches the model, and the Documents page says it was left out', async ({ documents, chat }) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docent-e2e-docx-')), 'memo.docx');
  fs.writeFileSync(file, buildZip(sidePartsDocx()));
  const collection = uniqueCollection('hidden');

  await documents.goto();
  await documents.upload(file, collection);
  await documents.expectStatus('memo.docx', 'Ready');
  await expect(documents.row('memo.docx').getByRole('list', { name: 'Parse warnings for memo.docx' })).toContainText('formatted as hidden in Word');

  await setFakeReply({ text: 'Revenue grew 12 percent [1].', tokenDelayMs: 10 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask('How much did quarterly revenue grow?');
  await chat.waitForAnswer();
  const prompt = (await fakeRequests()).at(-1)!.messages.map((m) => m.content).join('\n');
  expect(prompt).toContain('Quarterly revenue grew 12 percent.');
  for (const marker of HIDDEN_MARKERS) expect(prompt).not.toContain(marker);
});

test('the built server reads Arabic whose glyph carries the whole word in logical order', async ({ page, documents }) => {
  const collection = uniqueCollection('arabic');
  await documents.goto();
  await documents.upload(path.join(DATASETS, 'pdf/habibi.pdf'), collection);
  await documents.expectStatus('habibi.pdf', 'Ready');
  const listed = await (await page.request.get(`/api/documents?collection=${encodeURIComponent(collection)}`)).json();
  const text = await (await page.request.get(`/api/documents/${listed.documents[0].id}/text`)).json();
  expect(text.text).toContain('habibi \u062D\u064E\u0628\u064A\u0628\u064A'); // habibi حَبيبي, as its HTML source reads
});
