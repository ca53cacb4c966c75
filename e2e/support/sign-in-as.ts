import { expect, type Browser, type Page } from '@playwright/test';
import { signInWithForm } from '../fixtures';
import { DocumentsPage } from '../pages/documents-page';

export const SIGNED_OUT = { cookies: [], origins: [] };

/** Signs a person in through the sign-in form, in a browser context of their own, and opens Documents. */
export async function signInAs(browser: Browser, person: { email: string; password: string }): Promise<{ page: Page; docs: DocumentsPage; close: () => Promise<void> }> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await context.newPage();
  await signInWithForm(page, person);
  const docs = new DocumentsPage(page);
  await docs.goto();
  return { page, docs, close: () => context.close() };
}

/** The admin (on `page`) adds a person on the Settings page. */
export async function addPerson(page: Page, person: { email: string; password: string }) {
  await page.goto('/admin');
  await page.getByLabel("New person's email").fill(person.email);
  await page.getByLabel('Their password').fill(person.password);
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${person.email}` })).toBeVisible();
}
