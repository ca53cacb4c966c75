import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '@/tests/helpers/fake-openai-server';
import { resetEnvCache } from '../env';
import { EmbedderBusyError, loadOpenAIEmbedder } from './openai';

/** `openai:<model>` embeddings on a server of their own, through its transient failures. */
let fake: FakeOpenAIServer;
const VARS = ['EMBEDDING_BASE_URL', 'EMBEDDING_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_API_KEY'] as const;

function setEnv(vars: Partial<Record<(typeof VARS)[number], string>>) {
  for (const name of VARS) delete process.env[name];
  Object.assign(process.env, vars);
  resetEnvCache();
}

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(async () => {
  setEnv({});
  await fake.close();
});
beforeEach(() => {
  fake.embeddings({});
  fake.embeddingRequests.length = 0;
});

describe('embeddings on their own server', () => {
  it('uses EMBEDDING_BASE_URL and EMBEDDING_API_KEY, not the chat settings', async () => {
    // The chat settings point at nothing: a request there would be refused.
    setEnv({ EMBEDDING_BASE_URL: fake.url, EMBEDDING_API_KEY: 'emb-key-1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'chat-key' });
    const embedder = await loadOpenAIEmbedder('openai:fake-embed', { maxRetries: 0 });
    expect(embedder.dim).toBe(32);
    expect(fake.embeddingRequests[0]).toMatchObject({ model: 'fake-embed', authorization: 'Bearer emb-key-1' });
  });

  it('does not send the chat key to an embeddings server of its own', async () => {
    setEnv({ EMBEDDING_BASE_URL: fake.url, OPENAI_API_KEY: 'chat-key' });
    await loadOpenAIEmbedder('openai:fake-embed', { maxRetries: 0 });
    expect(fake.embeddingRequests[0].authorization).not.toContain('chat-key');
  });

  it('rides out a dropped connection, a 429 (waiting its Retry-After) and a 500, then succeeds', async () => {
    setEnv({ EMBEDDING_BASE_URL: fake.url });
    const embedder = await loadOpenAIEmbedder('openai:fake-embed');
    fake.embeddingRequests.length = 0;
    fake.embeddings({ failures: ['disconnect', 'rate_limited', 'server_error'], retryAfter: '1' });
    const [vector] = await embedder.embedDocuments(['zebras eat clover']);
    expect(vector).toHaveLength(32);
    expect(fake.embeddingRequests.map((r) => r.outcome)).toEqual(['disconnect', 'rate_limited', 'server_error', 'ok']);
    // Retry-After: 1 was honoured (a lower bound, so never flaky).
    expect(fake.embeddingRequests[2].at - fake.embeddingRequests[1].at).toBeGreaterThanOrEqual(950);
  });

  it('reports an outage that outlasts the retries as busy (the worker requeues, never fails)', async () => {
    setEnv({ EMBEDDING_BASE_URL: fake.url });
    const embedder = await loadOpenAIEmbedder('openai:fake-embed', { maxRetries: 1 });
    fake.embeddings({ failures: ['server_error', 'server_error'] });
    const error = await embedder.embedDocuments(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedderBusyError);
    expect((error as Error).message).toMatch(/EMBEDDING_BASE_URL/);
  });

  it('fails a request the server refuses outright at once (no retries)', async () => {
    setEnv({ EMBEDDING_BASE_URL: fake.url });
    const embedder = await loadOpenAIEmbedder('openai:fake-embed');
    fake.embeddingRequests.length = 0;
    fake.embeddings({ failOn: 'poison' });
    const error = await embedder.embedDocuments(['poison pill']).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(EmbedderBusyError);
    expect(fake.embeddingRequests).toHaveLength(1);
  });
});
