import { expect, type Locator, type Page } from '@playwright/test';

/** The chat page: ask, watch the answer stream, open its citations. */
export class ChatPage {
  constructor(readonly page: Page) {}

  async goto(path = '/') {
    await this.page.goto(path);
    await expect(this.message).toBeVisible();
  }

  get message(): Locator {
    return this.page.getByLabel('Message');
  }

  get sendButton(): Locator {
    return this.page.getByRole('button', { name: 'Send', exact: true });
  }

  get stopButton(): Locator {
    return this.page.getByRole('button', { name: 'Stop', exact: true });
  }

  /** Through the navigation link, as a person would; waits until the chat is there. */
  async openFromNav() {
    await this.page.getByRole('link', { name: 'Chat', exact: true }).click();
    await expect(this.page).toHaveURL(/\/$/);
    await expect(this.message).toBeVisible();
  }

  async chooseCollection(name: string) {
    await this.page.getByLabel('Collection', { exact: true }).selectOption(name);
  }

  async ask(question: string) {
    await this.message.fill(question);
    await this.sendButton.click();
  }

  answers(): Locator {
    return this.page.getByRole('article', { name: 'Answer' });
  }

  lastAnswer(): Locator {
    return this.answers().last();
  }

  /** Waits for the last answer to finish streaming (its Regenerate button appears). */
  async waitForAnswer(timeout = 60_000) {
    await expect(this.lastAnswer()).toHaveAttribute('aria-busy', 'false', { timeout });
  }

  citation(n: number, answer = this.lastAnswer()): Locator {
    return answer.getByRole('button', { name: `[${n}]`, exact: true });
  }

  sources(answer = this.lastAnswer()): Locator {
    return answer.getByRole('region', { name: 'Sources' }).getByRole('listitem');
  }

  sourcePanel(): Locator {
    return this.page.getByRole('dialog');
  }
}
