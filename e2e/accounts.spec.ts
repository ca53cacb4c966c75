import path from 'node:path';
import { ADMIN_STATE, E2E_ADMIN } from '../playwright.config';
import { ARTIFACTS, expect, makeFiles, test } from './fixtures';
import { addPerson, SIGNED_OUT, signInAs } from './support/sign-in-as';

test.describe('signed out', () => {
  test.use({ storageState: SIGNED_OUT });

  test('every page asks for a sign-in; the session cookie is HttpOnly, Secure and SameSite', async ({ page, context }) => {
    await page.goto('/documents');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fdocuments$/);
    await expect(page.getByRole('link', { name: 'Documents' })).toHaveCount(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in.png'), fullPage: true });
    // A fresh-install form is gone once the admin exists.
    await page.goto('/setup');
    await expect(page).toHaveURL(/\/sign-in$/);

    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();

    await page.goto('/sign-in?next=/documents');
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Documents', level: 1 })).toBeVisible();
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'docent_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => JSON.stringify(localStorage) + document.cookie)).not.toContain(cookie.value);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('an off-site next= never leaves Docent after sign-in', async ({ page }) => {
    await page.goto('/sign-in?next=//evil.example/');
    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  });
});

test('the admin adds a member, who sees neither Settings nor the admin’s documents', async ({ page, browser, documents }) => {
  const stamp = Date.now().toString(36);
  const [secret] = makeFiles({ [`ada-only-${stamp}.txt`]: `The admin's private note ${stamp}.` });
  await documents.goto();
  await documents.upload(secret);
  await documents.expectStatus(`ada-only-${stamp}.txt`, 'Ready');

  const member = { email: `member-${stamp}@docent.test`, password: 'member-passphrase' };
  await addPerson(page, member);

  const { page: memberPage, docs: memberDocs, close } = await signInAs(browser, member);
  await expect(memberPage.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await expect(memberPage.getByText(`ada-only-${stamp}.txt`)).toHaveCount(0);
  expect((await memberPage.request.get('/api/settings')).status()).toBe(403);
  await memberPage.goto('/admin');
  await expect(memberPage.getByRole('alert').filter({ hasText: 'Only an admin' })).toBeVisible();
  await memberPage.screenshot({ path: path.join(ARTIFACTS, 'member-admin-page.png'), fullPage: true });

  // The admin shares the collection by email; once the member accepts, they see the document.
  await documents.goto();
  await page.getByLabel('Show').selectOption('default');
  await page.getByLabel('Share with (email)').fill(member.email);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('list', { name: 'People who can use default' })).toContainText(member.email);
  await memberDocs.goto();
  await expect(memberPage.getByText(`ada-only-${stamp}.txt`)).toHaveCount(0);
  await memberPage.getByRole('region', { name: 'Invitations' }).getByRole('button', { name: 'Accept' }).click();
  await expect(memberDocs.row(`ada-only-${stamp}.txt`)).toBeVisible();
  await page.getByRole('button', { name: `Stop sharing with ${member.email}` }).click();
  await expect(page.getByText('Only you can use “default”.')).toBeVisible();
  await close();
  expect(ADMIN_STATE).toBeTruthy();
});

test.describe('before the page script has loaded', () => {
  test.use({ storageState: SIGNED_OUT, javaScriptEnabled: false });

  test('the sign-in form is visibly not ready instead of ignoring a click', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    await expect(page.getByLabel('Email')).not.toBeEditable();
  });
});
