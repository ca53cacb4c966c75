import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as refreshRoute from '@/app/api/documents/[id]/refresh/route';
import * as documentsRoute from '@/app/api/documents/route';
import * as documentFileRoute from '@/app/api/documents/[id]/file/route';
import * as documentTextRoute from '@/app/api/documents/[id]/text/route';
import { resetEnvCache } from '@/lib/env';
import { KNOWN_TEXT, mixedPdf } from '@/lib/ingest/parse/ocr-fixtures';
import { epubEntries, pptxEntries, xlsxBytes } from '@/lib/ingest/parse/office-fixtures';
import { buildZip } from '@/lib/ingest/parse/test-helpers';
import { shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { call } from '../helpers/as-caller';
import { useFreshDatabase } from '../helpers/test-env';

/**
 * What people upload beyond text files — a scan, a deck, a workbook, a book — end to end:
 * upload → ingestion → keyword search finds a known sentence on the right page; and the
 * citation viewer's two routes. Run on PGlite and PostgreSQL (sources.*.test.ts).
 */
export function defineSourcesSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let dropDatabase: (() => Promise<void>) | undefined;
  // A local "intranet" page, reachable only because ALLOWED_FETCH_HOSTS lists 127.0.0.1.
  let wiki: http.Server;
  let wikiUrl: string;
  let wikiPage = '<!doctype html><html><head><title>Leave policy</title></head><body><h1>Leave</h1><p>Staff take the saffron sabbatical after five years.</p></body></html>';

  beforeAll(async () => {
    dropDatabase = await useFreshDatabase(kind, baseUrl);
    process.env.ALLOWED_FETCH_HOSTS = '127.0.0.1';
    resetEnvCache();
    wiki = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(wikiPage));
    await new Promise<void>((r) => wiki.listen(0, '127.0.0.1', r));
    wikiUrl = `http://127.0.0.1:${(wiki.address() as AddressInfo).port}/wiki/leave`;
  });

  afterAll(async () => {
    delete process.env.ALLOWED_FETCH_HOSTS;
    resetEnvCache();
    await new Promise<void>((r) => wiki.close(() => r()));
    await shutdownRuntime();
    await dropDatabase?.();
  });

  const ingest = async (name: string, content: Uint8Array) => {
    const { status, body } = await api.upload([{ name, content }]);
    expect(status).toBe(202);
    const done = await api.waitForIngestion(body.documents[0].id, 240_000);
    expect(done).toMatchObject({ status: 'ready', error: null });
    return done;
  };
  const topHit = async (query: string) => (await api.search({ query, mode: 'keyword', k: 1 })).body.results[0];

  describe(`uploads beyond text, on ${kind}`, () => {
    let scanId: string;

    it('makes a scanned page searchable through OCR and records it on the document', { timeout: 300_000 }, async () => {
      const pdf = await mixedPdf([{ text: ['Cover page with a real text layer.'] }, { scan: KNOWN_TEXT }]);
      const doc = await ingest('lease-scan.pdf', pdf);
      scanId = doc.id;
      expect(doc.ocr).toEqual({ pages: [2], meanConfidence: expect.any(Number) });
      expect(doc.ocr.meanConfidence).toBeGreaterThan(80);
      const hit = await topHit('payable on the fifth working day');
      expect(hit).toMatchObject({ documentId: scanId, page: 2 });
    });

    it('finds a slide by its speaker notes, with the slide number as the page', { timeout: 120_000 }, async () => {
      const deck = buildZip(
        pptxEntries([
          { title: 'Welcome', body: ['Agenda for today'] },
          { title: 'Roadmap', body: ['Ship the mobile app'], notes: 'Remember the heliotrope launch codename.' },
        ]),
      );
      const doc = await ingest('roadmap.pptx', deck);
      expect(doc.mimeType).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
      expect(await topHit('heliotrope codename')).toMatchObject({ documentId: doc.id, page: 2 });
    });

    it('finds a spreadsheet row and a book chapter', { timeout: 120_000 }, async () => {
      const sheet = await ingest('stock.xlsx', await xlsxBytes({ Warehouse: [['Part', 'Count'], ['flange-9921', 40]] }));
      expect((await topHit('flange-9921')).documentId).toBe(sheet.id);
      const book = await ingest('orchard.epub', buildZip(epubEntries('Orchard', [{ title: 'One', body: '<h1>Grafting</h1><p>Whip-and-tongue grafting joins quince rootstock.</p>' }])));
      expect((await topHit('quince rootstock')).documentId).toBe(book.id);
    });

    it('serves the text with chunk offsets that locate every chunk exactly', async () => {
      const { status, body } = await call(documentTextRoute.GET, 'GET', `/api/documents/${scanId}/text`, { params: { id: scanId } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ documentId: scanId, name: 'lease-scan.pdf', mimeType: 'application/pdf' });
      const hit = await topHit('payable on the fifth working day');
      const chunk = body.chunks.find((c: { id: string }) => c.id === hit.chunkId);
      expect(body.text.slice(chunk.start, chunk.end)).toBe(hit.text);
      expect(chunk.page).toBe(2);
    });

    it('serves the original bytes as a download, inline only for a PDF the viewer asks for', async () => {
      const download = await call(documentFileRoute.GET, 'GET', `/api/documents/${scanId}/file`, { params: { id: scanId } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="lease-scan.pdf"/);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-security-policy')).toBe('sandbox');
      expect(String(download.body).startsWith('%PDF-')).toBe(true);
      const inline = await call(documentFileRoute.GET, 'GET', `/api/documents/${scanId}/file?inline=1`, { params: { id: scanId } });
      expect(inline.headers.get('content-disposition')).toMatch(/^inline;/);

      const page = await api.upload([{ name: 'page.html', content: '<!doctype html><html><body><p>Hello from HTML</p><script>alert(1)</script></body></html>' }]);
      const htmlId = page.body.documents[0].id;
      const html = await call(documentFileRoute.GET, 'GET', `/api/documents/${htmlId}/file?inline=1`, { params: { id: htmlId } });
      expect(html.headers.get('content-type')).toBe('text/html');
      expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(html.headers.get('content-security-policy')).toBe('sandbox');
    });

    it('adds a web page by URL, keeps the URL as its source, and refreshes only when it changed', { timeout: 120_000 }, async () => {
      const added = await call(documentsRoute.POST, 'POST', '/api/documents', { body: { url: wikiUrl, collection: 'intranet' } });
      expect(added.status).toBe(202);
      const id = added.body.documents[0].id;
      const ready = await api.waitForIngestion(id);
      expect(ready).toMatchObject({ status: 'ready', mimeType: 'text/html', sourceUrl: wikiUrl, collection: 'intranet', name: 'leave' });
      expect((await topHit('saffron sabbatical')).documentId).toBe(id);

      const same = await call(refreshRoute.POST, 'POST', `/api/documents/${id}/refresh`, { params: { id } });
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ changed: false, document: { id, status: 'ready', updatedAt: ready.updatedAt } });

      wikiPage = wikiPage.replace('saffron sabbatical after five years', 'vermilion retreat after four years');
      const changed = await call(refreshRoute.POST, 'POST', `/api/documents/${id}/refresh`, { params: { id } });
      expect(changed.status).toBe(202);
      expect(changed.body.changed).toBe(true);
      await api.waitForIngestion(id);
      expect((await topHit('vermilion retreat')).documentId).toBe(id);
      expect(await topHit('saffron sabbatical')).toBeUndefined();
    });

    it('refuses a URL to the metadata service or another private address, storing nothing', async () => {
      const before = (await api.listDocuments()).body.documents.length;
      for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/', 'http://[::1]/']) {
        const refused = await call(documentsRoute.POST, 'POST', '/api/documents', { body: { url } });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('url_forbidden');
      }
      const bad = await call(documentsRoute.POST, 'POST', '/api/documents', { body: { url: 'file:///etc/passwd' } });
      expect(bad.body.error.code).toBe('invalid_url');
      expect((await api.listDocuments()).body.documents.length).toBe(before);
    });

    it('answers unknown and malformed ids with 404', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const text = await call(documentTextRoute.GET, 'GET', `/api/documents/${id}/text`, { params: { id } });
        expect(text.status).toBe(404);
        expect(text.body.error.code).toBe('not_found');
        expect((await call(documentFileRoute.GET, 'GET', `/api/documents/${id}/file`, { params: { id } })).status).toBe(404);
      }
    });
  });
}
