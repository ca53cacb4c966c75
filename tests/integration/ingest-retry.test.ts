import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as retryRoute from '@/app/api/documents/[id]/retry/route';
import { resetEmbedders } from '@/lib/embeddings';
import { resetEnvCache } from '@/lib/env';
import { getDatabase, shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../helpers/fake-openai-server';
import { useFreshDatabase, waitFor } from '../helpers/test-env';

/**
 * The retry rule on uploads, through the real routes and worker, embedding with an
 * OpenAI-compatible endpoint (the fake server) that can be made to fail.
 */
async function retry(id: string) {
  const response = await retryRoute.POST(new Request(`http://docent.test/api/documents/${id}/retry`, { method: 'POST' }), {
    params: Promise.resolve({ id }),
  });
  return { status: response.status, body: await response.json() };
}

describe('retrying uploads', () => {
  let drop: () => Promise<void>;
  let fake: FakeOpenAIServer;

  beforeAll(async () => {
    drop = await useFreshDatabase('pglite');
    fake = await startFakeOpenAIServer();
    process.env.OPENAI_BASE_URL = fake.url;
    process.env.EMBEDDING_MODEL = 'openai:fake-embed';
    delete process.env.OPENAI_API_KEY;
    resetEnvCache();
    resetEmbedders();
    fake.embeddings({ dim: 16 });
  });
  afterAll(async () => {
    await shutdownRuntime();
    await fake?.close();
    await drop?.();
    delete process.env.OPENAI_BASE_URL;
  });

  it('retries an upload through a short outage of the embeddings endpoint instead of failing it', { timeout: 300_000 }, async () => {
    fake.embeddings({ failOn: 'heron' });
    const { body } = await api.upload([{ name: 'heron.txt', content: 'The heron count rose in March.', type: 'text/plain' }]);
    const id = body.documents[0].id;
    const db = await getDatabase();
    // The first attempt failed on the outage; the document waits out its back-off, still queued.
    await waitFor(async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE id = $1 AND status = 'queued' AND attempts >= 1`, [id]);
      return rows[0].n === 1;
    }, 60_000, 'the first failed attempt');
    fake.embeddings({ failOn: null });
    const done = await api.waitForIngestion(id);
    expect(done).toMatchObject({ status: 'ready', error: null });
  });

  it('offers no retry for a document that failed for a reason in the file (409 saying what to do)', { timeout: 300_000 }, async () => {
    const { body } = await api.upload([{ name: 'empty.html', content: '<html><head><title></title></head><body><script>let x = 1;</script></body></html>', type: 'text/html' }]);
    const id = body.documents[0].id;
    const failed = await api.waitForIngestion(id);
    expect(failed).toMatchObject({ status: 'failed', retryable: false });
    expect(failed.error).toMatch(/No text could be extracted/);
    const answer = await retry(id);
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('not_retryable');
    expect(answer.body.error.message).toMatch(/upload it again/);
    expect((await api.getDocument(id)).body).toMatchObject({ status: 'failed', retryable: false, error: failed.error });
  });

  it('fails a document retryable once a lasting outage outlives the retries, and retries it on request', { timeout: 300_000 }, async () => {
    fake.embeddings({ failOn: 'osprey' });
    const { body } = await api.upload([{ name: 'osprey.txt', content: 'An osprey nested on the mast.', type: 'text/plain' }]);
    const id = body.documents[0].id;
    const failed = await api.waitForIngestion(id, 120_000);
    expect(failed).toMatchObject({ status: 'failed', retryable: true });
    expect(failed.error).toMatch(/^Ingestion failed after 3 attempts: The embedding endpoint failed/);
    fake.embeddings({ failOn: null });
    const answer = await retry(id);
    expect(answer.status).toBe(202);
    expect((await api.waitForIngestion(id)).status).toBe('ready');
  });
});
