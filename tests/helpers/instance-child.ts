/**
 * One Docent instance for the two-instance test: the server runtime as instrumentation.ts
 * starts it (migrations, ingest worker, signal handlers) on the DATABASE_URL it is given,
 * embeddings on its own fake OpenAI-compatible server (deterministic, so every instance's
 * vectors agree), answers from the same fake server streamed slowly (INSTANCE_ANSWER, one word
 * every INSTANCE_TOKEN_MS), and the account, settings, document and chat routes over HTTP.
 * Prints `ready <url>`.
 */
import * as meRoute from '@/app/api/auth/me/route';
import * as setupRoute from '@/app/api/auth/setup/route';
import * as documentRoute from '@/app/api/documents/[id]/route';
import * as documentsRoute from '@/app/api/documents/route';
import * as healthRoute from '@/app/api/health/route';
import * as settingsRoute from '@/app/api/settings/route';
import { startServerRuntime } from '@/lib/server-start';
import { chatRoutes } from './chat-client';
import { startFakeOpenAIServer } from './fake-openai-server';
import { startRouteServer } from './route-server';

async function main() {
  const fake = await startFakeOpenAIServer();
  // A slow embeddings server (for every text, or only texts containing INSTANCE_EMBED_SLOW_ON),
  // so a test can stop this instance mid-document while its queries still embed at once.
  fake.embeddings({ delayMs: Number(process.env.INSTANCE_EMBED_DELAY_MS ?? 0), slowOn: process.env.INSTANCE_EMBED_SLOW_ON ?? null });
  fake.reply({ text: process.env.INSTANCE_ANSWER ?? 'A slow answer.', tokenDelayMs: Number(process.env.INSTANCE_TOKEN_MS ?? 0) });
  Object.assign(process.env, {
    EMBEDDING_MODEL: 'openai:fake-embed',
    EMBEDDING_BASE_URL: fake.url,
    LLM_PROVIDER: 'openai',
    LLM_MODEL: 'fake-model',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-instance',
  });
  await startServerRuntime();
  const docent = await startRouteServer([
    { method: 'POST', path: '/api/auth/setup', handler: (r) => setupRoute.POST(r) },
    { method: 'GET', path: '/api/auth/me', handler: (r) => meRoute.GET(r) },
    { method: 'GET', path: '/api/settings', handler: (r) => settingsRoute.GET(r) },
    { method: 'PUT', path: '/api/settings', handler: (r) => settingsRoute.PUT(r) },
    { method: 'POST', path: '/api/documents', handler: (r) => documentsRoute.POST(r) },
    { method: 'GET', path: '/api/documents', handler: (r) => documentsRoute.GET(r) },
    { method: 'GET', path: '/api/documents/:id', handler: (r, c) => documentRoute.GET(r, c as { params: Promise<{ id: string }> }) },
    { method: 'GET', path: '/api/health', handler: () => healthRoute.GET() },
    ...chatRoutes,
  ]);
  console.log(`ready ${docent.url}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
