'use client';

import { useEffect, useState } from 'react';
import type { DocumentText } from '@/lib/documents/document-text';
import { PdfPageView } from './pdf-page-view';
import { TextView } from './text-view';

interface SourceViewerProps {
  documentId: string;
  chunkId: string;
  page: number | null;
  /** The passage as the model was given it: highlighted on the page or in the text. */
  passage: string;
}

type State = { kind: 'loading' } | { kind: 'ready'; doc: DocumentText } | { kind: 'error'; message: string };

/**
 * The cited passage in its document: a PDF's page rendered with pdf.js and the passage marked
 * on it; any other format as its text with the passage marked and scrolled into view.
 * Keyed by its parent on the citation, so each citation starts from a fresh state.
 */
export function SourceViewer({ documentId, chunkId, page, passage }: SourceViewerProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/documents/${encodeURIComponent(documentId)}/text`, { signal: controller.signal })
      .then(async (response) => {
        const body = await response.json();
        if (!response.ok) throw new Error(body?.error?.message ?? `The document could not be loaded (${response.status}).`);
        setState({ kind: 'ready', doc: body as DocumentText });
      })
      .catch((err: Error) => {
        if (!controller.signal.aborted) setState({ kind: 'error', message: err.message });
      });
    return () => controller.abort();
  }, [documentId]);

  return (
    <section aria-label="Source viewer" className="min-h-0 flex-1 overflow-y-auto border-t border-zinc-200 dark:border-zinc-800">
      {state.kind === 'loading' && <p className="p-3 text-xs text-zinc-500">Loading the document…</p>}
      {state.kind === 'error' && (
        <p role="alert" className="p-3 text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      {state.kind === 'ready' && state.doc.sourceUrl && (
        <p className="truncate px-3 pt-2 text-xs text-zinc-500">
          From{' '}
          <a href={state.doc.sourceUrl} target="_blank" rel="noopener noreferrer nofollow" className="underline">
            {state.doc.sourceUrl}
          </a>
        </p>
      )}
      {state.kind === 'ready' &&
        (state.doc.mimeType === 'application/pdf' && page !== null ? (
          <PdfPageView key={`${page}:${chunkId}`} documentId={documentId} page={page} passage={passage} />
        ) : (
          <TextView doc={state.doc} chunkId={chunkId} />
        ))}
    </section>
  );
}
