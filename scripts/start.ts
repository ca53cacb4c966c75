/**
 * npm start: the first run on a fresh machine. Builds if there is no build, provisions the
 * default models (with progress; failures only warn — the server still starts and
 * /api/health says what is missing), then serves on PORT.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { env } from '../lib/env';
import { describeError } from '../lib/errors';
import { createProvisionDisplay, describeStatuses, provisionModels } from '../lib/models';
import { DEFAULT_LLM_FILE, EMBEDDERS } from '../lib/models/registry';

type Role = 'embedder' | 'llm';

function ensureBuilt(): void {
  if (fs.existsSync(path.join('.next', 'BUILD_ID'))) return;
  console.log('No build found: building Docent (a few minutes on the first run)…');
  const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed; see the output above. Fix it, or run `npm run build` to retry.');
    process.exit(result.status ?? 1);
  }
}

/** Only the models this configuration uses: a custom embedder or a remote LLM needs nothing here. */
function rolesToProvision(): Role[] {
  const e = env();
  const roles: Role[] = [];
  if (EMBEDDERS[e.EMBEDDING_MODEL]) roles.push('embedder');
  if (e.LLM_PROVIDER === 'local' && (!e.LLM_MODEL || e.LLM_MODEL === DEFAULT_LLM_FILE)) roles.push('llm');
  return roles;
}

async function provision(): Promise<void> {
  const roles = rolesToProvision();
  if (roles.length === 0) return;
  console.log(`Checking the default models in ${env().MODELS_DIR}…`);
  const display = createProvisionDisplay();
  try {
    const statuses = await provisionModels({ set: 'default', roles, onProgress: display.onProgress });
    display.stop();
    for (const line of describeStatuses(statuses)) console.log(line);
  } catch (err) {
    display.stop();
    console.warn(`Model provisioning did not finish: ${describeError(err)}. Docent starts anyway; see /api/health.`);
  }
}

async function main(): Promise<void> {
  const { PORT } = env(); // a bad configuration stops here, with the variable named
  ensureBuilt();
  await provision();
  // Node runs Next's own binary, not `npx next`: an npm layer in between does not pass SIGTERM
  // on, which left the server running after `docker stop`. Docent drains on SIGTERM itself
  // (lib/server-start.ts), so Next's handler, which would exit at once, is switched off.
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(PORT)], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: 'true' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((err) => {
  console.error(describeError(err));
  process.exit(1);
});
