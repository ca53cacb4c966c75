'use client';

import { RotateCcw } from 'lucide-react';
import { memo, useCallback, useMemo } from 'react';
import { CopyButton } from '../copy-button';
import { CitationContext, Markdown, UnsupportedCitationsContext } from '../markdown/markdown';
import { TraceDisclosure, unsupportedCitations } from '../trace/trace-panel';
import { citedIndexes } from './exchanges';
import { SourcesList } from './sources-list';
import type { Exchange } from './types';

interface ExchangeViewProps {
  exchange: Exchange;
  canRegenerate: boolean;
  onRegenerate: () => void;
  onOpenSource: (exchangeKey: string, index: number, anchor: HTMLElement) => void;
}

/** One question and its answer. Memoised: while one answer streams, the others do not re-render. */
export const ExchangeView = memo(function ExchangeView({ exchange, canRegenerate, onRegenerate, onOpenSource }: ExchangeViewProps) {
  const { key, question, answer, sources, status, error } = exchange;
  const open = useCallback((index: number, anchor: HTMLElement) => onOpenSource(key, index, anchor), [key, onOpenSource]);
  const live = status === 'waiting' || status === 'streaming';
  const unsupported = useMemo(() => unsupportedCitations(exchange.trace), [exchange.trace]);

  return (
    <div className="space-y-3">
      {question && (
        <div className="flex justify-end">
          <p className="max-w-[85%] rounded-2xl bg-blue-600 px-4 py-2 break-words whitespace-pre-wrap text-white">
            <span className="sr-only">You asked: </span>
            {question}
          </p>
        </div>
      )}
      <article aria-label="Answer" aria-busy={live} className="min-h-6">
        {status === 'waiting' && (
          <p role="status" className="text-sm text-zinc-500">
            {exchange.progress ? `Reading section ${exchange.progress.section} of ${exchange.progress.sections}…` : 'Searching your documents…'}
          </p>
        )}
        {answer && (
          <CitationContext.Provider value={open}>
            <UnsupportedCitationsContext.Provider value={unsupported}>
              <Markdown content={answer} sourceIndexes={sources.map((s) => s.index)} />
            </UnsupportedCitationsContext.Provider>
          </CitationContext.Provider>
        )}
        {status === 'streaming' && !answer && <p className="text-sm text-zinc-500">Writing…</p>}
        {status === 'stopped' && <p className="mt-1 text-xs text-zinc-500">{answer ? 'Stopped.' : 'Stopped before the answer began.'}</p>}
        {status === 'error' && error && (
          <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            {error}
          </p>
        )}
        {exchange.finishReason === 'length' && status === 'done' && (
          <p className="mt-1 text-xs text-zinc-500">The answer reached the token limit (Max tokens in Settings).</p>
        )}
        {/* Shown once the answer is complete: under a growing answer it would shift with every token. */}
        {!live && <SourcesList sources={sources} cited={citedIndexes(answer)} onOpen={open} />}
        {!live && exchange.trace && <TraceDisclosure trace={exchange.trace} />}
        {((!live && answer) || canRegenerate) && (
          <div className="mt-2 flex flex-wrap items-center gap-1">
            {!live && answer && <CopyButton text={answer} label="Copy answer" />}
            {canRegenerate && (
              <button
                type="button"
                onClick={onRegenerate}
                className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                <RotateCcw aria-hidden="true" className="size-3.5" />
                Regenerate
              </button>
            )}
          </div>
        )}
      </article>
    </div>
  );
});
