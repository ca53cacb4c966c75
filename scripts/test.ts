/**
 * npm test: unit and integration tests (vitest; PostgreSQL too when TEST_DATABASE_URL is set),
 * then the browser tests against a production build.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

function run(command: string, args: string[]): void {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.env.TEST_DATABASE_URL) {
  console.log('TEST_DATABASE_URL is not set: the PostgreSQL integration tests will not run (CI sets it).');
}
run('npx', ['vitest', 'run']);
// A build older than the sources would test stale code, so browser tests always build.
run('npx', ['next', 'build']);
if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
  console.error('Chromium is missing: install it (apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
run('npx', ['playwright', 'test']);
