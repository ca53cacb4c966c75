import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { DATASETS_DIR, useFreshDatabase } from '../helpers/test-env';

/**
 * The documents and search API end to end on one database: upload → background ingestion →
 * search → delete, plus every bad input the foundation issue lists. Run once on PGlite and
 * once on PostgreSQL (api.*.test.ts).
 */
export function defineApiSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dropDatabase = await useFreshDatabase(kind, baseUrl);
    resetEnvCache();
  });

  afterAll(async () => {
    await shutdownRuntime();
    await dropDatabase?.();
  });

  const zebraNotes = '# Zebra husbandry\n\nThe quokka-7731 protocol feeds zebras clover at dawn.\n\nZebras sleep standing up in the savanna.\n';

  describe(`documents and search on ${kind}`, () => {
    let zebraId: string;

    it('answers health with the database kind and embedder', async () => {
      const { status, body } = await api.health();
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.database.kind).toBe(kind);
      expect(body.embedder).toMatchObject({ model: 'Xenova/all-MiniLM-L6-v2', dim: 384 });
    });

    it('accepts an upload at once and makes it searchable when ready', async () => {
      const { status, body } = await api.upload([{ name: 'zebras.md', content: zebraNotes, type: 'text/markdown' }]);
      expect(status).toBe(202);
      expect(body.documents).toHaveLength(1);
      const doc = body.documents[0];
      expect(doc).toMatchObject({ name: 'zebras.md', mimeType: 'text/markdown', collection: 'default', bytes: Buffer.byteLength(zebraNotes) });
      expect(['queued', 'processing', 'ready']).toContain(doc.status);
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
      zebraId = doc.id;

      const done = await api.waitForIngestion(zebraId);
      expect(done).toMatchObject({ status: 'ready', progress: 1, error: null });
      expect(done.chunkCount).toBeGreaterThan(0);

      for (const mode of ['vector', 'keyword', 'hybrid']) {
        const found = await api.search({ query: 'What do zebras eat in the morning?', mode, k: 3 });
        expect(found.status).toBe(200);
        if (mode === 'keyword') continue; // keyword needs shared words; checked below
        expect(found.body.results[0]).toMatchObject({ documentId: zebraId, documentName: 'zebras.md' });
        expect(found.body.results[0].text).toContain('clover');
      }
      const exact = await api.search({ query: 'quokka-7731', mode: 'keyword' });
      expect(exact.body.results[0].documentId).toBe(zebraId);
    });

    it('stores identical bytes once per collection', async () => {
      const again = await api.upload([{ name: 'copy.md', content: zebraNotes }]);
      expect(again.status).toBe(202);
      expect(again.body.documents[0]).toMatchObject({ id: zebraId, duplicate: true, name: 'zebras.md' });
      const other = await api.upload([{ name: 'zebras.md', content: zebraNotes }], 'field-notes');
      expect(other.body.documents[0].id).not.toBe(zebraId);
      expect(other.body.documents[0].collection).toBe('field-notes');
      await api.waitForIngestion(other.body.documents[0].id);

      const all = await api.listDocuments();
      expect(all.body.documents.filter((d: { sha256: string }) => d.sha256 === again.body.documents[0].sha256)).toHaveLength(2);
      expect(all.body.documents[0].id).toBe(other.body.documents[0].id); // newest first
      const scoped = await api.listDocuments('field-notes');
      expect(scoped.body.documents.map((d: { id: string }) => d.id)).toEqual([other.body.documents[0].id]);
      const scopedSearch = await api.search({ query: 'zebra clover', collection: 'field-notes' });
      expect(new Set(scopedSearch.body.results.map((r: { documentId: string }) => r.documentId))).toEqual(new Set([other.body.documents[0].id]));
      expect((await api.search({ query: 'zebra', collection: 'no-such-collection' })).body.results).toEqual([]);
    });

    it('ingests a real PDF with page numbers', async () => {
      const pdf = fs.readFileSync(path.join(DATASETS_DIR, 'docs/pdf/multicolumn.pdf'));
      const { body } = await api.upload([{ name: 'multicolumn.pdf', content: pdf, type: 'application/pdf' }], 'papers');
      const done = await api.waitForIngestion(body.documents[0].id);
      expect(done.status).toBe('ready');
      const found = await api.search({ query: 'multicolumn layout', collection: 'papers', k: 10 });
      expect(found.body.results.length).toBeGreaterThan(0);
      for (const r of found.body.results) expect(r.page).toBeGreaterThanOrEqual(1);
    });

    it('fails a malformed PDF with a readable reason and loses nothing stored', async () => {
      const pdf = fs.readFileSync(path.join(DATASETS_DIR, 'docs/pdf/multicolumn.pdf'));
      const truncated = pdf.subarray(0, Math.floor(pdf.length / 3));
      const { status, body } = await api.upload([{ name: 'broken.pdf', content: truncated }]);
      expect(status).toBe(202);
      const done = await api.waitForIngestion(body.documents[0].id);
      if (done.status === 'failed') expect(done.error).toMatch(/\w{10,}/);
      else expect(done.chunkCount).toBeGreaterThan(0); // pdf.js recovered some text
      const stillThere = await api.search({ query: 'zebras clover', k: 1, collection: 'default' });
      expect(stillThere.body.results[0].documentId).toBe(zebraId);
    });

    it('decodes text that is not UTF-8', async () => {
      const latin1 = Buffer.from('Herr Müller grüßt die Bären am Fluss.\n', 'latin1');
      const { body } = await api.upload([{ name: 'gruss.txt', content: latin1 }], 'latin');
      expect((await api.waitForIngestion(body.documents[0].id)).status).toBe('ready');
      const found = await api.search({ query: 'Müller', mode: 'keyword', collection: 'latin' });
      expect(found.body.results[0].text).toContain('Müller grüßt');
    });

    it('names documents safely', async () => {
      const { body } = await api.upload([{ name: `../../etc/pass\u202ewd\t${'é'.repeat(300)}.txt`, content: 'safe name test' }], 'names');
      const name: string = body.documents[0].name;
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u202e]/);
      expect(name.startsWith('passwdé')).toBe(true); // UTF-8 names decoded as UTF-8
      expect(name.length).toBeLessThanOrEqual(200);
      expect(name.endsWith('.txt')).toBe(true);
    });

    it('deletes a document and its chunks leave search at once', async () => {
      const { body } = await api.upload([{ name: 'ephemeral.txt', content: 'The marmalade-9921 recipe needs bitter oranges.' }], 'temp');
      const id = body.documents[0].id;
      await api.waitForIngestion(id);
      expect((await api.search({ query: 'marmalade-9921', mode: 'keyword' })).body.results[0].documentId).toBe(id);
      expect((await api.deleteDocument(id)).status).toBe(204);
      const after = await api.search({ query: 'marmalade-9921 bitter oranges', k: 20 });
      expect(after.body.results.map((r: { documentId: string }) => r.documentId)).not.toContain(id);
      expect((await api.getDocument(id)).status).toBe(404);
      const again = await api.deleteDocument(id);
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('not_found');
    });
  });

  describe(`bad input on ${kind}`, () => {
    const expectError = (res: { status: number; body: any }, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(20);
    };

    it('rejects uploads with no file, an empty file or an unsupported type', async () => {
      const before = (await api.listDocuments()).body.documents.length;
      expectError(await api.upload([]), 400, 'no_file');
      expectError(await api.upload([{ name: 'empty.txt', content: '' }]), 400, 'empty_file');
      const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]);
      expectError(await api.upload([{ name: 'notes.txt', content: elf }]), 415, 'unsupported_type');
      expectError(await api.upload([{ name: 'ok.txt', content: 'fine' }, { name: 'empty.md', content: '' }]), 400, 'empty_file');
      expect((await api.listDocuments()).body.documents.length).toBe(before); // nothing half-stored
    });

    it('judges type by content, not by name', async () => {
      const { body } = await api.upload([{ name: 'report.pdf', content: '<html><body><h1>Quarterly</h1><p>Revenue grew.</p></body></html>' }], 'types');
      expect(body.documents[0].mimeType).toBe('text/html');
    });

    it('rejects an oversized upload while streaming, before reading it whole', async () => {
      process.env.MAX_UPLOAD_MB = '1';
      resetEnvCache();
      try {
        let sent = 0;
        const boundary = 'docentboundary';
        const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\nContent-Type: text/plain\r\n\r\n`);
        const block = new Uint8Array(64 * 1024).fill(0x61);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(head);
          },
          pull(controller) {
            if (sent > 200 * 1024 * 1024) return controller.close();
            sent += block.length;
            controller.enqueue(block);
          },
        });
        const request = new Request('http://docent.test/api/documents', {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body,
          duplex: 'half',
        } as RequestInit);
        expectError(await api.postUpload(request), 413, 'file_too_large');
        expect(sent).toBeLessThan(8 * 1024 * 1024); // stopped near the 1 MB limit, not at 200 MB
      } finally {
        delete process.env.MAX_UPLOAD_MB;
        resetEnvCache();
      }
    });

    it('rejects a lying Content-Length early', async () => {
      const request = new Request('http://docent.test/api/documents', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 ** 3) },
        body: '--x--',
      });
      expectError(await api.postUpload(request), 413, 'file_too_large');
    });

    it('rejects malformed bodies with 400s', async () => {
      const notMultipart = new Request('http://docent.test/api/documents', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
      expect((await api.postUpload(notMultipart)).status).toBe(415);
      // JSON is "Add from URL", which needs a url.
      const noUrl = new Request('http://docent.test/api/documents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect((await api.postUpload(noUrl)).status).toBe(400);
      const cutOff = new Request('http://docent.test/api/documents', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=zz' },
        body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
      });
      expect((await api.postUpload(cutOff)).status).toBe(400);
      expectError(await api.upload([{ name: 'a.txt', content: 'x' }], '../../evil'), 400, 'invalid_collection');
      expectError(await api.search('{not json'), 400, 'invalid_json');
      expectError(await api.search({ query: '   ' }), 400, 'invalid_request');
      expectError(await api.search({ query: 'x', k: 0 }), 400, 'invalid_request');
      expectError(await api.search({ query: 'x', mode: 'magic' }), 400, 'invalid_request');
      expectError(await api.search(['query']), 400, 'invalid_request');
    });

    it('refuses a NUL or an oversized query with a 400 before searching', async () => {
      for (const mode of ['hybrid', 'vector', 'keyword']) {
        const nul = await api.search({ query: 'zebra\u0000clover', mode });
        expectError(nul, 400, 'invalid_query');
        expect(nul.body.error.message).toContain('NUL');
      }
      expectError(await api.search({ query: 'zebra', collection: 'zoo\u0000' }), 400, 'invalid_collection');
      const huge = await api.search({ query: 'zebra clover '.repeat(16_000) });
      expectError(huge, 400, 'invalid_request');
      expect(huge.body.error.message).toContain('2,000 characters');
    });

    it('answers unknown and malformed ids with 404', async () => {
      expectError(await api.getDocument('00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      expectError(await api.getDocument("1' OR '1'='1"), 404, 'not_found');
      expectError(await api.deleteDocument('not-a-uuid'), 404, 'not_found');
    });
  });
}
