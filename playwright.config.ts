import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.join(os.tmpdir(), `docent-e2e-${process.pid}`);

/** The admin the server creates on first start; global-setup.ts signs in as it. */
export const E2E_ADMIN = { email: 'admin@docent.test', password: 'e2e-admin-passphrase' };
/** Where global-setup.ts leaves the admin's session for every test's browser context. */
export const ADMIN_STATE = path.resolve('e2e/artifacts/.auth/admin.json');

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
    storageState: ADMIN_STATE,
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
      // Pinned: the suites' expectations (Settings' model field, scores) were written for MiniLM,
      // whatever the default; bge-small has its own tests.
      EMBEDDING_MODEL: 'Xenova/all-MiniLM-L6-v2',
      PORT: String(port),
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      // The suite asks many questions a minute as one person; the limits have their own tests.
      RATE_LIMIT_CHATS_PER_MINUTE: '10000',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '10000',
    },
  },
});
