import { expect, type Locator, type Page } from '@playwright/test';

/** The Documents page, driven through the names the contract gives its controls. */
export class DocumentsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/documents');
    await expect(this.page.getByRole('heading', { name: 'Documents', level: 1 })).toBeVisible();
  }

  async upload(files: string | string[], collection?: string) {
    if (collection) await this.page.getByLabel('Upload to collection').fill(collection);
    await this.page.getByLabel('Upload documents').setInputFiles(files);
  }

  row(name: string): Locator {
    return this.page.getByRole('listitem').filter({ hasText: name });
  }

  async expectStatus(name: string, status: 'Queued' | 'Processing' | 'Ready' | 'Failed', timeout = 120_000) {
    await expect(this.row(name).getByText(status, { exact: true })).toBeVisible({ timeout });
  }

  async delete(name: string) {
    const row = this.row(name);
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.getByRole('button', { name: 'Confirm delete' }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
