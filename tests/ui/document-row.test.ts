import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DocumentRow } from '@/components/documents/document-row';
import type { DocumentItem } from '@/components/documents/types';

const failed: DocumentItem = {
  id: '00000000-0000-4000-8000-000000000001', name: 'empty.html', title: null, mimeType: 'text/html', bytes: 120, sha256: '0'.repeat(64),
  collection: 'default', status: 'failed', progress: 0, chunkCount: 0, error: 'No text could be extracted from this web page.',
  retryable: false, ocr: null, sourceUrl: null, warnings: [], createdAt: '2026-11-26T00:00:00.000Z', updatedAt: '2026-11-26T00:00:00.000Z',
};
const render = (doc: DocumentItem) => renderToStaticMarkup(createElement(DocumentRow, { doc, onDelete: async () => undefined, onRetry: async () => undefined, onRefresh: async () => true }));

describe('a failed document on the Documents page', () => {
  it('offers Retry only when retrying can help', () => {
    expect(render(failed)).not.toMatch(/>Retry</);
    expect(render(failed)).toContain('No text could be extracted');
    expect(render({ ...failed, retryable: true, error: 'Ingestion failed after 3 attempts: the endpoint was down.' })).toMatch(/>Retry</);
  });
});

describe('a ready document with parse warnings', () => {
  it('lists what parsing left out, under the document', () => {
    const warning = '57 characters of text formatted as hidden in Word were left out of the index.';
    const html = render({ ...failed, name: 'memo.docx', status: 'ready', error: null, chunkCount: 3, warnings: [warning] });
    expect(html).toContain('aria-label="Parse warnings for memo.docx"');
    expect(html).toContain(`<li>${warning}</li>`);
    expect(render({ ...failed, status: 'ready', error: null })).not.toContain('Parse warnings');
  });
});
