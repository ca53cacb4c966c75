/**
 * npm start: the first run on a fresh machine. Builds if there is no build, provisions the
 * default models (with progress; failures only warn — the server still starts and
 * /api/health says what is missing), then serves on PORT.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { env } from '../lib/env';
import { describeError } from '../lib/errors';
import { createProvisionDisplay, describeStatuses, provisionModels } from '../lib/models';
import { CHAT_MODEL_ALTERNATIVES } from '../lib/models/chat-model-help';
import { embedderToProvision, type ProvisionRole, rolesToProvision } from '../lib/models/start-plan';
import { getDatabase, shutdownRuntime } from '../lib/runtime';

const BUILD_HEARTBEAT_MS = 30_000;

/**
 * The first run builds. Next prints its steps, but type checking is a silent minute or two on a
 * small machine, so the plan is said up front and a line every 30 s shows it is still going.
 */
async function ensureBuilt(): Promise<void> {
  if (fs.existsSync(path.join('.next', 'BUILD_ID'))) return;
  console.log(
    'No build found: building Docent once (3–6 minutes on a 2-core machine). Next.js compiles the pages,\n' +
      'then type-checks them ("Running TypeScript", quiet for a minute or two), then writes the build.',
  );
  const started = Date.now();
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`[start] still building… ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
  }, BUILD_HEARTBEAT_MS);
  const status = await new Promise<number | null>((resolve) => {
    spawn('npx', ['next', 'build'], { stdio: 'inherit' }).on('exit', (code) => resolve(code));
  });
  clearInterval(heartbeat);
  if (status !== 0) {
    console.error('The build failed; see the output above. Fix it, or run `npm run build` to retry.');
    process.exit(status ?? 1);
  }
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

/**
 * Reads the admin's settings once, then lets go of the database (the embedded one takes one
 * process at a time, and the server is about to open it). Unreadable: the environment decides.
 */
async function plannedModels(): Promise<{ roles: ProvisionRole[]; embedder: string }> {
  try {
    const db = await getDatabase();
    return { roles: await rolesToProvision(db), embedder: await embedderToProvision(db) };
  } catch (err) {
    console.warn(`Could not read the admin's model settings (${describeError(err)}); going by the environment.`);
    return { roles: await rolesToProvision(null), embedder: await embedderToProvision(null) };
  } finally {
    await shutdownRuntime();
  }
}

async function provision(): Promise<void> {
  const { roles, embedder } = await plannedModels();
  if (roles.length === 0) return;
  console.log(`Checking the default models in ${env().MODELS_DIR}…`);
  const display = createProvisionDisplay();
  try {
    const statuses = await provisionModels({ set: 'default', roles, embedder, onProgress: display.onProgress });
    display.stop();
    for (const line of describeStatuses(statuses)) console.log(line);
    if (statuses.some((m) => m.role === 'llm' && m.state === 'missing')) console.log(CHAT_MODEL_ALTERNATIVES);
  } catch (err) {
    display.stop();
    console.warn(`Model provisioning did not finish: ${describeError(err)}. Docent starts anyway; see /api/health.`);
  }
}

async function main(): Promise<void> {
  const { PORT } = env(); // a bad configuration stops here, with the variable named
  await ensureBuilt();
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
