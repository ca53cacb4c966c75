import { expect, test } from './fixtures';

test('Add from URL refuses the cloud metadata address with a message that says what to do', async ({ page, documents }) => {
  await documents.goto();
  await page.getByLabel('Web page URL').fill('http://169.254.169.254/latest/meta-data/');
  await page.getByRole('button', { name: 'Add from URL' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'ALLOWED_FETCH_HOSTS' })).toContainText('private, loopback or link-local');
  await expect(documents.row('meta-data')).toHaveCount(0);
});
