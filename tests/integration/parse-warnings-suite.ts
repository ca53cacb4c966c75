import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as documentTextRoute from '@/app/api/documents/[id]/text/route';
import { HIDDEN_MARKERS, sidePartsDocx } from '@/lib/ingest/parse/docx-fixtures';
import { buildZip } from '@/lib/ingest/parse/test-helpers';
import { shutdownRuntime } from '@/lib/runtime';
import * as api from '../helpers/api-client';
import { call } from '../helpers/as-caller';
import { useFreshDatabase } from '../helpers/test-env';

/**
 * A Word file with hidden text, headers and comments, end to end: what Word hides never
 * reaches the index (so never a prompt), the document says what was left out, and the
 * headers and comments are searchable. Run on PGlite and PostgreSQL.
 */
export function defineParseWarningsSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  let dropDatabase: (() => Promise<void>) | undefined;
  let id: string;

  beforeAll(async () => {
    dropDatabase = await useFreshDatabase(kind, baseUrl);
    const { status, body } = await api.upload([{ name: 'memo.docx', content: buildZip(sidePartsDocx()) }]);
    expect(status).toBe(202);
    id = body.documents[0].id;
    expect(await api.waitForIngestion(id, 120_000)).toMatchObject({ status: 'ready', error: null });
  }, 180_000);

  afterAll(async () => {
    await shutdownRuntime();
    await dropDatabase?.();
  });

  const topHit = async (query: string) => (await api.search({ query, mode: 'keyword', k: 1 })).body.results[0];

  describe(`DOCX side parts and hidden text, on ${kind}`, () => {
    it('records on the document that hidden text was left out', async () => {
      const { status, body } = await api.getDocument(id);
      expect(status).toBe(200);
      expect(body.warnings).toEqual([expect.stringMatching(/^\d+ characters of text formatted as hidden in Word were left out of the index/)]);
      const listed = (await api.listDocuments()).body.documents.find((d: { id: string }) => d.id === id);
      expect(listed.warnings).toEqual(body.warnings);
    });

    it('stores no hidden text in any chunk', async () => {
      const { status, body } = await call(documentTextRoute.GET, 'GET', `/api/documents/${id}/text`, { params: { id } });
      expect(status).toBe(200);
      const text: string = body.text;
      expect(text).toContain('Quarterly revenue grew 12 percent.');
      for (const marker of HIDDEN_MARKERS) expect(text).not.toContain(marker);
      // ("hidden" itself is a visible word of the memo, so a search for a marker may still hit it.)
      for (const marker of HIDDEN_MARKERS) expect((await topHit(marker))?.text ?? '').not.toContain(marker);
    });

    it('finds the header and the review comment', async () => {
      expect(await topHit('Acme Corp Confidential')).toMatchObject({ documentId: id });
      expect(await topHit('double-check this figure')).toMatchObject({ documentId: id });
    });
  });
}
