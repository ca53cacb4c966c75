import path from 'node:path';
import type { Page } from '@playwright/test';
import { ARTIFACTS, expect, makeFiles, test } from './fixtures';
import { addPerson, signInAs } from './support/sign-in-as';

async function searchNames(page: Page, query: string): Promise<string[]> {
  const response = await page.request.post('/api/search', { data: { query, mode: 'keyword', k: 20 } });
  expect(response.status()).toBe(200);
  return ((await response.json()).results as { documentName: string }[]).map((r) => r.documentName);
}

/**
 * Issue 10's capture attack in Chromium with three accounts: Bob shares his `default` and
 * `finance` with Carol and the admin, unasked; their ordinary uploads must stay theirs, and a
 * share reaches nobody until accepted.
 */
test('a share cannot capture uploads: every document stays with its uploader', async ({ page, browser, documents }) => {
  const stamp = Date.now().toString(36);
  const bob = { email: `bob-${stamp}@docent.test`, password: 'bob-passphrase-1' };
  const carol = { email: `carol-${stamp}@docent.test`, password: 'carol-passphrase-1' };
  for (const person of [bob, carol]) await addPerson(page, person);

  // Bob fills default and finance, then shares both with Carol and the admin.
  const asBob = await signInAs(browser, bob);
  const [bobNotes] = makeFiles({ [`bob-notes-${stamp}.txt`]: `Bob's notes, marker quokka${stamp}.` });
  const [bobBudget] = makeFiles({ [`bob-budget-${stamp}.txt`]: `Bob's budget, marker narwhal${stamp}.` });
  await asBob.docs.upload(bobNotes);
  await asBob.docs.expectStatus(`bob-notes-${stamp}.txt`, 'Ready');
  await asBob.docs.upload(bobBudget, 'finance');
  await asBob.docs.expectStatus(`bob-budget-${stamp}.txt`, 'Ready');
  for (const collection of ['default', 'finance']) {
    await asBob.page.getByLabel('Show').selectOption(collection);
    for (const [email, role] of [[carol.email, 'editor'], ['admin@docent.test', 'reader']]) {
      await asBob.page.getByLabel('Share with (email)').fill(email);
      await asBob.page.getByLabel('Role').selectOption(role);
      await asBob.page.getByRole('button', { name: 'Share', exact: true }).click();
      await expect(asBob.page.getByRole('list', { name: `People who can use ${collection}` })).toContainText(email);
    }
    await expect(asBob.page.getByRole('list', { name: `People who can use ${collection}` })).toContainText('editor · invited');
  }
  await asBob.page.setViewportSize({ width: 1280, height: 800 });
  await asBob.page.screenshot({ path: path.join(ARTIFACTS, 'sharing-owner-1280.png'), fullPage: true });
  await asBob.page.setViewportSize({ width: 375, height: 740 });
  await asBob.page.screenshot({ path: path.join(ARTIFACTS, 'sharing-owner-375.png'), fullPage: true });

  // Carol and the admin upload as they always do: collection omitted, or "finance".
  const asCarol = await signInAs(browser, carol);
  const invitations = asCarol.page.getByRole('region', { name: 'Invitations' });
  await expect(invitations.getByRole('listitem').filter({ hasText: bob.email })).toHaveCount(2);
  const [carolFile] = makeFiles({ [`carol-private-${stamp}.txt`]: `Carol's private file, marker axolotl${stamp}.` });
  await asCarol.docs.upload(carolFile);
  await asCarol.docs.expectStatus(`carol-private-${stamp}.txt`, 'Ready');
  const [payroll] = makeFiles({ [`payroll-${stamp}.txt`]: `Payroll bands, marker pangolin${stamp}.` });
  await documents.goto();
  await documents.upload(payroll, 'finance');
  await documents.expectStatus(`payroll-${stamp}.txt`, 'Ready');

  // Bob sees, lists and finds only his own.
  await asBob.docs.goto();
  await expect(asBob.docs.row(`bob-notes-${stamp}.txt`)).toBeVisible();
  await expect(asBob.page.getByText(`carol-private-${stamp}.txt`)).toHaveCount(0);
  await expect(asBob.page.getByText(`payroll-${stamp}.txt`)).toHaveCount(0);
  expect(await searchNames(asBob.page, `axolotl${stamp} OR pangolin${stamp}`)).toEqual([]);
  // The admin's search is not reachable by Bob's text until the admin accepts.
  expect(await searchNames(page, `narwhal${stamp}`)).toEqual([]);

  // Carol accepts finance: it shows with its owner and her role, and she may leave it.
  await asCarol.page.setViewportSize({ width: 1280, height: 800 });
  await asCarol.page.screenshot({ path: path.join(ARTIFACTS, 'sharing-invitations-1280.png'), fullPage: true });
  await asCarol.page.setViewportSize({ width: 375, height: 740 });
  await asCarol.page.screenshot({ path: path.join(ARTIFACTS, 'sharing-invitations-375.png'), fullPage: true });
  await invitations.getByRole('listitem').filter({ hasText: '“finance”' }).getByRole('button', { name: 'Accept' }).click();
  await invitations.getByRole('listitem').filter({ hasText: '“default”' }).getByRole('button', { name: 'Decline' }).click();
  await expect(invitations).toHaveCount(0);
  await asCarol.page.getByLabel('Show').selectOption(`${bob.email}/finance`);
  await expect(asCarol.page.getByText(`is owned by ${bob.email}`)).toBeVisible();
  await expect(asCarol.page.getByText('editor: you may search it and add documents')).toBeVisible();
  await expect(asCarol.docs.row(`bob-budget-${stamp}.txt`)).toBeVisible();
  await asCarol.page.screenshot({ path: path.join(ARTIFACTS, 'sharing-recipient-375.png'), fullPage: true });
  await asCarol.page.setViewportSize({ width: 1280, height: 800 });
  await asCarol.page.screenshot({ path: path.join(ARTIFACTS, 'sharing-recipient-1280.png'), fullPage: true });
  await asCarol.page.getByRole('button', { name: 'Leave' }).click();
  await expect(asCarol.page.getByText(`bob-budget-${stamp}.txt`)).toHaveCount(0);
  await expect(asCarol.docs.row(`carol-private-${stamp}.txt`)).toBeVisible();

  // The admin declines; Bob withdraws the rest; everyone keeps their own documents.
  await documents.goto();
  const adminInvitations = page.getByRole('region', { name: 'Invitations' });
  for (const name of ['default', 'finance']) {
    const invitation = adminInvitations.getByRole('listitem').filter({ hasText: `“${name}”` });
    await invitation.getByRole('button', { name: 'Decline' }).click();
    // One at a time, as a person would: the list refreshes after each answer.
    await expect(invitation).toHaveCount(0);
  }
  await expect(adminInvitations).toHaveCount(0);
  await expect(documents.row(`payroll-${stamp}.txt`)).toBeVisible();
  await asCarol.docs.goto();
  await expect(asCarol.docs.row(`carol-private-${stamp}.txt`)).toBeVisible();
  expect(await searchNames(asCarol.page, `axolotl${stamp}`)).toEqual([`carol-private-${stamp}.txt`]);
  await asBob.close();
  await asCarol.close();
});
