import { expect, type Locator, type Page } from '@playwright/test';

/** The admin settings page. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/admin');
    await expect(this.field('Top-k')).toBeVisible();
  }

  field(label: 'Top-k' | 'LLM provider' | 'System prompt' | 'OpenAI API key' | 'Temperature' | 'Max tokens' | 'Model' | 'Embedding model'): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(this.page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  }
}
