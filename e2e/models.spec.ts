import { fakeRequests } from './support/fake-llm';
import { expect, makeFiles, test, uniqueCollection } from './fixtures';

const TEST_LLM = 'SmolLM2-135M-Instruct.Q4_1.gguf';

test('Settings → Models lists each model with its quantization and memory verdict, refuses a non-GGUF, and switches the chat model', async ({ page, settings, request }) => {
  await settings.goto();
  const models = page.getByRole('region', { name: 'Models' });
  // The first read loads llama.cpp's binding in the server (GgufInsights needs it): seconds on a busy machine.
  await expect(models).toContainText(TEST_LLM, { timeout: 60_000 });
  await expect(models).toContainText('Q4_1');
  await expect(models).toContainText(/Fits on (CPU|GPU)/);
  await expect(models).toContainText('for trying Docent out');
  await expect(models.getByRole('meter')).toHaveCount(1);

  const [notGguf] = makeFiles({ 'evil.gguf': '<script>alert(1)</script>' });
  await models.getByLabel('Add a model or adapter (.gguf)').setInputFiles(notGguf);
  await expect(models.getByRole('alert')).toContainText('not a GGUF file');

  try {
    await models.getByRole('button', { name: `Make ${TEST_LLM} active` }).click();
    await expect(models.getByRole('status')).toContainText(`${TEST_LLM} is now the chat model`);
    await expect(models).toContainText('Active');
    // The settings form re-reads the provider the switch set, so saving it does not undo the switch.
    await expect(settings.field('LLM provider')).toHaveValue('local');
    expect((await (await request.get('/api/settings')).json()).llmModel).toBe(TEST_LLM);
  } finally {
    await request.put('/api/settings', { data: { llmProvider: 'openai', llmModel: 'fake-llm' } });
  }
});

test("a chat's Answer mode Quotes answers from the sources, cited, without the model", async ({ page, documents, chat }) => {
  const collection = uniqueCollection('quotes');
  // A name no other test uploads: the Documents page lists every collection.
  const [file] = makeFiles({ 'quotes-zebras.txt': 'Zebras eat clover at dawn on the savanna. Lions hunt at night.' });
  await documents.goto();
  await documents.upload(file, collection);
  await documents.expectStatus('quotes-zebras.txt', 'Ready');

  await chat.openFromNav();
  await chat.chooseCollection(collection);
  await expect(page.getByLabel('Adapter')).toBeVisible();
  await page.getByLabel('Answer mode').selectOption('quotes');
  const asked = (await fakeRequests()).length;
  await chat.ask('What do zebras eat at dawn?');
  await chat.waitForAnswer();
  await expect(chat.lastAnswer()).toContainText('Zebras eat clover at dawn on the savanna.');
  await expect(chat.citation(1)).toBeVisible();
  expect((await fakeRequests()).length).toBe(asked);
});
