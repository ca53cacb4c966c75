import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FullConfig } from '@playwright/test';
import { startFakeOpenAIServer, type FakeReply } from '../../tests/helpers/fake-openai-server';
import { ADMIN_STATE, E2E_ADMIN } from '../../playwright.config';

/**
 * Signs in as the admin the server created from ADMIN_EMAIL and saves the session where every
 * test's browser context picks it up (playwright.config.ts `storageState`).
 */
async function signInAdmin(baseURL: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(E2E_ADMIN),
  });
  if (!response.ok) throw new Error(`Could not sign in as the e2e admin: ${response.status} ${await response.text()}`);
  const [pair, ...attributes] = response.headers.get('set-cookie')!.split(';').map((s) => s.trim());
  const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
  const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))?.slice(8) ?? 3600);
  const state = {
    cookies: [{
      name, value, domain: new URL(baseURL).hostname, path: '/', expires: Math.floor(Date.now() / 1000) + maxAge,
      httpOnly: true, secure: attributes.includes('Secure'), sameSite: 'Lax' as const,
    }],
    origins: [],
  };
  fs.mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  fs.writeFileSync(ADMIN_STATE, JSON.stringify(state));
  return `${name}=${value}`;
}

export const DEFAULT_ANSWER = 'The answer is in the paper [1].';

/**
 * Starts the suite's fake OpenAI-compatible server on 127.0.0.1 and points Docent at it through
 * the settings API (the web server is already up by now, and settings apply per request).
 * Tests steer the fake through a small control server whose address they find in
 * E2E_FAKE_CONTROL: POST /reply sets the next answers, GET /requests lists what it was asked.
 */
export default async function globalSetup(config: FullConfig) {
  const fake = await startFakeOpenAIServer();
  const defaults: Partial<FakeReply> = { text: DEFAULT_ANSWER, tokenDelayMs: 60 };
  fake.reply(defaults);

  const control = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST' && req.url === '/reply') {
      fake.reply({ ...defaults, ...JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      res.writeHead(204).end();
    } else if (req.method === 'GET' && req.url === '/requests') {
      const summary = fake.requests.map((r) => ({
        messages: r.body.messages,
        piecesSent: r.piecesSent,
        finished: r.finishedAt !== undefined,
        closedByClient: r.closedByClient,
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(summary));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  process.env.E2E_FAKE_CONTROL = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;

  const baseURL = config.projects[0].use.baseURL!;
  const cookie = await signInAdmin(baseURL);
  const response = await fetch(`${baseURL}/api/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ llmProvider: 'openai', llmModel: 'fake-llm', openaiBaseUrl: fake.url }),
  });
  if (!response.ok) throw new Error(`Could not point Docent at the fake LLM: ${response.status} ${await response.text()}`);

  return async () => {
    await new Promise<void>((resolve) => control.close(() => resolve()));
    await fake.close();
  };
}
