import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': path.dirname(fileURLToPath(import.meta.url)) } },
  test: {
    include: ['{lib,db,scripts,app,tests}/**/*.test.ts'],
    environment: 'node',
    // Model loading and PostgreSQL set-up are real, so allow them time.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
