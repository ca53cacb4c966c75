'use client';

import { useEffect, useId, useRef } from 'react';
import { SourceViewer } from '../viewer/source-viewer';
import type { Source } from './types';

interface SourcePanelProps {
  source: Source;
  onClose: () => void;
}

/**
 * The cited chunk: document, page and the text the model was given, then the source viewer
 * (the page or text around it, passage marked). Non-modal, so the answer stays readable beside it; it takes focus when it opens and Esc closes it. Text is shown as
 * text, never as markup.
 */
export function SourcePanel({ source, onClose }: SourcePanelProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, [source.index, source.chunkId]);

  return (
    <div
      ref={ref}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      tabIndex={-1}
      className="fixed inset-x-0 bottom-0 z-40 flex max-h-[60dvh] flex-col rounded-t-xl border border-zinc-200 bg-white shadow-xl outline-none md:inset-x-auto md:top-28 md:right-4 md:bottom-24 md:max-h-none md:w-[34rem] md:rounded-xl dark:border-zinc-700 dark:bg-zinc-900"
    >
      <div className="flex items-start gap-2 border-b border-zinc-200 p-3 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="text-sm font-semibold">
            Source {source.index}
          </h2>
          <p className="truncate text-sm text-zinc-700 dark:text-zinc-300" title={source.documentName}>
            {source.documentName}
          </p>
          <p className="text-xs text-zinc-500">
            {source.page === null ? 'No page number' : `Page ${source.page}`}
          </p>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Close source
        </button>
      </div>
      <blockquote className="max-h-40 shrink-0 overflow-y-auto p-3 text-sm leading-relaxed break-words whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">
        {source.text}
      </blockquote>
      <SourceViewer key={`${source.documentId}:${source.chunkId}`} documentId={source.documentId} chunkId={source.chunkId} page={source.page} passage={source.text} />
    </div>
  );
}
