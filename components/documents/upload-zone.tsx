'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { useHydrated } from '../use-hydrated';
import { type CollectionItem, collectionLabel, collectionRef } from '../use-collections';

interface UploadZoneProps {
  collection: string;
  collections: CollectionItem[] | null;
  onCollectionChange: (name: string) => void;
  onFiles: (files: File[]) => void;
}

const ACCEPT =
  '.pdf,.docx,.pptx,.xlsx,.ods,.epub,.html,.htm,.xhtml,.md,.markdown,.txt,.csv,.png,.jpg,.jpeg,.tif,.tiff,.webp,application/pdf,text/*,image/png,image/jpeg,image/tiff,image/webp';

/** Drop files anywhere on the zone, or pick them; both upload to the chosen collection. */
export function UploadZone({ collection, collections, onCollectionChange, onFiles }: UploadZoneProps) {
  const [over, setOver] = useState(false);
  const inputId = useId();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();

  // Files picked before hydration fired no change event React saw; take them now.
  const mountedWith = useRef(onFiles);
  useEffect(() => {
    const el = input.current;
    if (!el?.files?.length) return;
    const files = Array.from(el.files);
    el.value = '';
    mountedWith.current(files);
  }, []);

  return (
    <div
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length) onFiles(files);
      }}
      className={`rounded-xl border-2 border-dashed p-5 text-center transition-colors ${
        over ? 'border-blue-500 bg-blue-50 dark:bg-blue-950/40' : 'border-zinc-300 dark:border-zinc-700'
      }`}
    >
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Drop files here, or</p>
      <label
        htmlFor={inputId}
        className="mt-2 inline-block cursor-pointer rounded-lg bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-600"
      >
        Upload documents
        <input
          id={inputId}
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          className="sr-only"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length) onFiles(files);
          }}
        />
      </label>
      <p className="mt-2 text-xs text-zinc-500">PDF (scans too), Word, PowerPoint, Excel, EPUB, HTML, Markdown, text, CSV or images — many at once.</p>
      <div className="mt-3 flex items-center justify-center gap-2 text-sm">
        <label htmlFor={`${listId}-input`} className="text-zinc-600 dark:text-zinc-400">
          Upload to collection
        </label>
        <input
          id={`${listId}-input`}
          list={listId}
          value={collection}
          readOnly={!hydrated}
          maxLength={320}
          onChange={(e) => onCollectionChange(e.target.value)}
          className="w-40 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <datalist id={listId}>
          {(collections ?? [])
            .filter((c) => c.role !== 'reader')
            .map((c) => (
              <option key={c.id} value={collectionRef(c)} label={collectionLabel(c)} />
            ))}
        </datalist>
      </div>
    </div>
  );
}
