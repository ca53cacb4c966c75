import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configureTestEnv, makeTempDir } from '../helpers/test-env';

const CHILD = path.join(__dirname, '../helpers/drain-child.ts');
const ANSWER = 'Zebras sleep standing up, and they eat clover at dawn, as the notes say plainly [1].';

function startChild(): Promise<{ child: ChildProcess; url: string; exit: Promise<number | null> }> {
  configureTestEnv({ dataDir: makeTempDir() });
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, DRAIN_ANSWER: ANSWER, DRAIN_TOKEN_MS: '150', SHUTDOWN_GRACE_SECONDS: '30' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      log += d;
      const m = /ready (\S+)/.exec(log);
      if (m) resolve({ child, url: m[1], exit });
    });
    void exit.then((code) => reject(new Error(`the child exited (${code}) before it was ready:\n${log}`)));
  });
}

describe('SIGTERM with an answer streaming', () => {
  let child: ChildProcess | undefined;
  afterAll(() => void child?.kill('SIGKILL'));

  it('refuses new requests, lets the running stream finish, and exits 0', async () => {
    const started = await startChild();
    child = started.child;
    const response = await fetch(`${started.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'What do zebras eat?' }], stream: true }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let raw = decoder.decode((await reader.read()).value); // the first chunk is out: generation is under way

    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const refused = await fetch(`${started.url}/api/health`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect((await refused.json()).error.code).toBe('shutting_down');

    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      raw += decoder.decode(value);
    }
    expect(raw.trim().endsWith('data: [DONE]')).toBe(true);
    const text = raw
      .split('\n\n')
      .filter((b) => b.startsWith('data: {'))
      .map((b) => JSON.parse(b.slice(6)).choices?.[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe(ANSWER);
    expect(await started.exit).toBe(0);
  }, 120_000);
});
