/**
 * A Docent process for the graceful-shutdown test: starts the server runtime exactly as
 * instrumentation.ts does (so its SIGTERM handler is the real one), serves the chat routes
 * over HTTP against a fake upstream whose answers stream slowly, and prints `ready <url>`.
 */
import * as healthRoute from '@/app/api/health/route';
import { startServerRuntime } from '@/lib/server-start';
import { chatRoutes } from './chat-client';
import { startFakeOpenAIServer } from './fake-openai-server';
import { startRouteServer } from './route-server';

async function main() {
  const fake = await startFakeOpenAIServer();
  fake.reply({ text: process.env.DRAIN_ANSWER ?? 'A slow answer.', tokenDelayMs: Number(process.env.DRAIN_TOKEN_MS ?? 100) });
  Object.assign(process.env, { LLM_PROVIDER: 'openai', LLM_MODEL: 'fake-model', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-drain' });
  await startServerRuntime();
  const docent = await startRouteServer([...chatRoutes, { method: 'GET', path: '/api/health', handler: () => healthRoute.GET() }]);
  console.log(`ready ${docent.url}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
