import type { FakeReply } from '../../tests/helpers/fake-openai-server';

/** Steers the fake OpenAI-compatible server started in global-setup.ts. */
function controlUrl(path: string): string {
  const base = process.env.E2E_FAKE_CONTROL;
  if (!base) throw new Error('E2E_FAKE_CONTROL is not set; run the suite through playwright.config.ts (its globalSetup starts the fake LLM).');
  return `${base}${path}`;
}

export async function setFakeReply(reply: Partial<FakeReply>): Promise<void> {
  const response = await fetch(controlUrl('/reply'), { method: 'POST', body: JSON.stringify(reply) });
  if (!response.ok) throw new Error(`fake LLM control answered ${response.status}`);
}

export interface FakeRequestSummary {
  messages: { role: string; content: string }[];
  piecesSent: number;
  finished: boolean;
  closedByClient: boolean;
}

export async function fakeRequests(): Promise<FakeRequestSummary[]> {
  return (await fetch(controlUrl('/requests'))).json();
}
