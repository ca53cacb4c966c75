import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.join(os.tmpdir(), `docent-e2e-${process.pid}`);

/**
 * Browser tests run the production build in Debian's Chromium (downloads of Playwright's own
 * browsers are not possible here). The server gets a fresh data directory and the test models;
 * the global setup starts a fake OpenAI-compatible server and points the chat at it, so answers
 * stream deterministically.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/support/global-setup.ts',
  outputDir: 'e2e/artifacts/results',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: {
      DATA_DIR: dataDir,
      MODELS_DIR: process.env.MODELS_DIR ?? path.resolve('data/models'),
      ALLOW_MODEL_DOWNLOADS: 'false',
      PORT: String(port),
    },
  },
});
