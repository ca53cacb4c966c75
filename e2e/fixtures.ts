import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { ChatPage } from './pages/chat-page';
import { DocumentsPage } from './pages/documents-page';
import { SettingsPage } from './pages/settings-page';

export const DATASETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets/docs');
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** Writes files with the given names and contents into a fresh folder, for upload. */
export function makeFiles(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-e2e-files-'));
  return Object.entries(files).map(([name, content]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  });
}

/** A collection name of this test's own, so tests never see each other's documents. */
export const uniqueCollection = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

/** Signs in through the form, as a person would; the page lands on the chat. */
export async function signInWithForm(page: Page, user: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
}

// Playwright's fixture callback is conventionally `use`; named `provide` here so React's hook lint leaves it alone.
export const test = base.extend<{ chat: ChatPage; documents: DocumentsPage; settings: SettingsPage }>({
  chat: async ({ page }, provide) => provide(new ChatPage(page)),
  documents: async ({ page }, provide) => provide(new DocumentsPage(page)),
  settings: async ({ page }, provide) => provide(new SettingsPage(page)),
});

export { expect };
