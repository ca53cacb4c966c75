'use client';

import { useEffect, useRef } from 'react';
import type { DocumentText } from '@/lib/documents/document-text';

// Enough context either side of the passage; a whole book in one node would slow the page.
const CONTEXT_CHARS = 20_000;

/** The document's text around the cited chunk, the chunk marked and scrolled into view. */
export function TextView({ doc, chunkId }: { doc: DocumentText; chunkId: string }) {
  const mark = useRef<HTMLElement>(null);
  const chunk = doc.chunks.find((c) => c.id === chunkId);

  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [chunkId]);

  if (!chunk) return <p className="p-3 text-xs text-zinc-500">This passage is no longer in the document (it was re-indexed); ask again to cite the current text.</p>;
  const from = Math.max(0, chunk.start - CONTEXT_CHARS);
  const to = Math.min(doc.text.length, chunk.end + CONTEXT_CHARS);
  return (
    <div className="p-3 text-sm leading-relaxed break-words whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">
      {from > 0 && '…'}
      {doc.text.slice(from, chunk.start)}
      <mark ref={mark} className="rounded-sm bg-yellow-200 text-zinc-900 dark:bg-yellow-700/60 dark:text-zinc-50">
        {doc.text.slice(chunk.start, chunk.end)}
      </mark>
      {doc.text.slice(chunk.end, to)}
      {to < doc.text.length && '…'}
    </div>
  );
}
