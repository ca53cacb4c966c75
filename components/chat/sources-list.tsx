'use client';

import type { Source } from './types';

export const pageLabel = (page: number | null) => (page === null ? '' : `, page ${page}`);

interface SourcesListProps {
  sources: Source[];
  cited: Set<number>;
  onOpen: (index: number, anchor: HTMLElement) => void;
}

/** The sources the answer was given, numbered as it cites them; the ones it cited first in weight. */
export function SourcesList({ sources, cited, onOpen }: SourcesListProps) {
  if (sources.length === 0) return null;
  return (
    <section aria-label="Sources" className="mt-3 border-t border-zinc-200 pt-2 dark:border-zinc-800">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Sources</h3>
      <ol className="flex flex-wrap gap-1.5">
        {sources.map((s) => {
          const isCited = cited.has(s.index) || s.cited === true;
          return (
            <li key={s.index} className="max-w-full">
              <button
                type="button"
                aria-haspopup="dialog"
                onClick={(e) => onOpen(s.index, e.currentTarget)}
                // Spelled out: from the chip's content a screen reader would read "1handbook.pdf".
                aria-label={`${s.index} ${s.documentName}${pageLabel(s.page)}${isCited ? '' : ' (not cited)'}`}
                title={s.documentName}
                className={`flex max-w-full items-center gap-1.5 rounded-md border px-2 py-1 text-left text-xs focus-visible:outline-2 focus-visible:outline-blue-600 ${
                  isCited
                    ? 'border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800'
                    : 'border-dashed border-zinc-300 text-zinc-500 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800'
                }`}
              >
                <span aria-hidden="true" className="rounded bg-zinc-200 px-1 font-mono text-[10px] text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">
                  {s.index}
                </span>
                <span className="truncate">
                  {s.documentName}
                  {pageLabel(s.page)}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
