import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '@/tests/helpers/fake-openai-server';
import { chatRoutes } from '@/tests/helpers/chat-client';
import { startRouteServer } from '@/tests/helpers/route-server';
import type { Database } from '@/db';
import { setUpFirstAdmin } from '@/lib/auth/accounts';
import { createApiKey } from '@/lib/auth/api-keys';
import type { Viewer } from '@/lib/auth/viewer';
import type { AnswerTrace } from '@/lib/chat/trace-types';
import { env, resetEnvCache } from '@/lib/env';
import { getDatabase, getEmbeddingContext, shutdownRuntime, type EmbeddingContext } from '@/lib/runtime';
import { loadSettings } from '@/lib/settings';
import { ingestCorpus } from '../eval/ingest-corpus';
import { loadQaDataset, type QaQuestion } from '../eval/qa-dataset';
import { REPO_ROOT } from './server-process';

export const COLLECTION = 'bench';

/** One streamed chat request over HTTP, timed on both ends, with the trace Docent stored for it. */
export interface TimedRequest {
  /** Server side: the request's arrival at the HTTP server → its first byte / first answer token written. */
  firstByteMs: number;
  firstTokenMs: number;
  /** Client side: fetch() → first answer token read (loopback included). */
  clientFirstTokenMs: number;
  trace: AnswerTrace | null;
}

export interface ChatHarness {
  db: Database;
  embedding: EmbeddingContext;
  fake: FakeOpenAIServer;
  admin: Viewer;
  questions: QaQuestion[];
  passages: number;
  /** POST /v1/chat/completions (stream, stored, bearer key) over real HTTP; resolves once the stream has ended. */
  ask(question: string): Promise<TimedRequest>;
  close(): Promise<void>;
}

// The content delta of an OpenAI stream chunk; the first chunk (role + sources) has `"role"` first.
const CONTENT_DELTA = '"delta":{"content":"';

/**
 * Docent as a server sees a chat: a fresh PGlite data directory, HotpotQA passages (the first
 * `questionCount` questions' contexts) ingested through the pipeline, an admin with an API key,
 * the real chat routes served over HTTP, and the fake OpenAI-compatible upstream answering at
 * once (so what is timed is Docent, not a model).
 */
export async function startChatHarness(questionCount: number, log: (line: string) => void): Promise<ChatHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-chat-'));
  const fake = await startFakeOpenAIServer();
  fake.reply({ text: 'The answer is in the sources.', tokenDelayMs: 0, firstTokenDelayMs: 0 });
  process.env.MODELS_DIR ??= path.join(REPO_ROOT, 'data/models');
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    LLM_PROVIDER: 'openai',
    LLM_MODEL: 'fake-model',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-bench',
    RATE_LIMIT_CHATS_PER_MINUTE: '1000000',
  });
  delete process.env.DATABASE_URL;
  resetEnvCache();
  process.env.MODELS_DIR = env().MODELS_DIR;

  const data = loadQaDataset(path.resolve(REPO_ROOT, '../shared/datasets/qa/hotpotqa-sample'));
  const questions = data.questions.slice(0, questionCount);
  const db = await getDatabase();
  const embedding = await getEmbeddingContext();
  const settings = await loadSettings(db);
  const titles = [...new Set(questions.flatMap((q) => q.contextTitles))];
  log(`ingesting ${titles.length} HotpotQA passages`);
  await ingestCorpus(db, embedding, titles.map((title) => ({ id: title.replace(/[/\\]/g, '-'), text: data.passages.get(title)! })), {
    collection: COLLECTION,
    chunkTokens: settings.chunkTokens,
    chunkOverlap: settings.chunkOverlap,
    batchSize: 8,
  });
  // Real authentication on every request: the first admin adopts the ingested collection.
  const { user } = await setUpFirstAdmin(db, 'bench@docent.local', 'bench-password-not-secret');
  const { key } = await createApiKey(db, user.id, 'bench');
  const admin: Viewer = { userId: user.id, email: user.email, role: 'admin', via: 'api_key' };

  const pending = new Map<string, { arrived: number; firstByte?: number; firstToken?: number }>();
  const id = (req: http.IncomingMessage) => String(req.headers['x-bench-id']);
  const server = await startRouteServer(chatRoutes, {
    arrived: (req, at) => void pending.set(id(req), { arrived: at }),
    wrote: (req, piece, at) => {
      const timing = pending.get(id(req));
      if (!timing) return;
      timing.firstByte ??= at;
      if (timing.firstToken === undefined && Buffer.from(piece).toString('utf8').includes(CONTENT_DELTA)) timing.firstToken = at;
    },
  });

  let counter = 0;
  const ask = async (question: string): Promise<TimedRequest> => {
    const requestId = String(counter++);
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-bench-id': requestId },
      body: JSON.stringify({ messages: [{ role: 'user', content: question }], collection: COLLECTION, stream: true, store: true }),
    });
    if (!response.ok || !response.body) throw new Error(`chat request failed: ${response.status} ${await response.text()}`);
    let clientFirstToken: number | undefined;
    let text = '';
    const decoder = new TextDecoder();
    for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(piece, { stream: true });
      if (clientFirstToken === undefined && text.includes(CONTENT_DELTA)) clientFirstToken = performance.now();
    }
    const timing = pending.get(requestId);
    pending.delete(requestId);
    if (timing?.firstByte === undefined || timing.firstToken === undefined || clientFirstToken === undefined) {
      throw new Error(`the stream carried no answer token: ${text.slice(0, 300)}`);
    }
    const chatId = response.headers.get('x-chat-id');
    const { rows } = await db.query<{ trace: AnswerTrace | null }>(`SELECT trace FROM messages WHERE chat_id = $1 AND role = 'assistant'`, [chatId]);
    return {
      firstByteMs: timing.firstByte - timing.arrived,
      firstTokenMs: timing.firstToken - timing.arrived,
      clientFirstTokenMs: clientFirstToken - started,
      trace: rows[0]?.trace ?? null,
    };
  };

  return {
    db,
    embedding,
    fake,
    admin,
    questions,
    passages: titles.length,
    ask,
    close: async () => {
      await server.close();
      await fake.close();
      await shutdownRuntime();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
