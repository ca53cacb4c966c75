'use client';

import { useEffect, useRef, useState } from 'react';
import { loadPdfPage, type PageHighlight } from './pdf-render';

/** One PDF page drawn by pdf.js, with boxes over the text items that belong to the passage (keyed per citation by SourceViewer). */
export function PdfPageView({ documentId, page, passage }: { documentId: string; page: number; passage: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [marks, setMarks] = useState<PageHighlight[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const width = Math.max(240, (frame.current?.clientWidth ?? 480) - 24);
    loadPdfPage(`/api/documents/${encodeURIComponent(documentId)}/file?inline=1`, page, passage, width, canvas.current!)
      .then((found) => {
        if (cancelled) return;
        setMarks(found);
        setRendered(true);
      })
      .catch((err: Error) => !cancelled && setError(`The page could not be shown (${err.message}).`));
    return () => {
      cancelled = true;
    };
  }, [documentId, page, passage]);

  useEffect(() => {
    frame.current?.querySelector('[data-highlight]')?.scrollIntoView({ block: 'center' });
  }, [marks]);

  return (
    <div ref={frame} className="p-3">
      {error && (
        <p role="alert" className="mb-2 text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="relative inline-block border border-zinc-200 bg-white dark:border-zinc-700">
        <canvas ref={canvas} aria-label={`Page ${page}`} data-page={page} data-rendered={rendered ? 'true' : 'false'} role="img" />
        {marks.map((m, i) => (
          <div
            key={i}
            data-highlight=""
            className="pointer-events-none absolute rounded-sm bg-yellow-300/45 mix-blend-multiply"
            style={{ left: m.left, top: m.top, width: m.width, height: m.height }}
          />
        ))}
      </div>
      {rendered && marks.length === 0 && <p className="mt-2 text-xs text-zinc-500">The passage could not be located on this page image (it may be a scan read by OCR); its text is shown above.</p>}
    </div>
  );
}
