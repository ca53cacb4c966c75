import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as documentsRoute from '@/app/api/documents/route';
import { resetEnvCache } from '@/lib/env';
import { shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { useFreshDatabase } from '../helpers/test-env';

/** LOG_FORMAT=json: the worker's lines for a document carry the id of the request that queued it. */
describe('request ids in structured logs', () => {
  let drop: () => Promise<void>;
  beforeAll(async () => {
    drop = await useFreshDatabase('pglite');
    process.env.LOG_FORMAT = 'json';
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.LOG_FORMAT;
    resetEnvCache();
    await shutdownRuntime();
    await drop();
  });

  it('tags the ingest worker line with the upload request x-request-id', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const request = api.uploadRequest([{ name: 'traced.md', content: '# Traced\n\nA document with a request id.\n' }]);
      request.headers.set('x-request-id', 'upload-req-7');
      const response = await documentsRoute.POST(request);
      expect(response.status).toBe(202);
      const id = (await response.json()).documents[0].id as string;
      expect((await api.waitForIngestion(id)).status).toBe('ready');
      const ready = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.msg === `document ${id} ready: 1 chunks`);
      expect(ready).toMatchObject({ level: 'info', scope: 'ingest', requestId: 'upload-req-7' });
    } finally {
      spy.mockRestore();
    }
  });
});
