'use client';

import { useId } from 'react';
import { useHydrated } from './use-hydrated';
import { type CollectionItem, collectionLabel, collectionRef } from './use-collections';

interface CollectionSelectProps {
  label: string;
  value: string | null;
  collections: CollectionItem[] | null;
  onChange: (value: string | null) => void;
  /** The option meaning "no filter"; omitted, a collection must be chosen. */
  allLabel?: string;
  className?: string;
  /** Hide the label visually on narrow screens (it stays the control's name). */
  compact?: boolean;
}

/** A labelled collection picker; the current value stays listed even before the list loads. */
export function CollectionSelect({ label, value, collections, onChange, allLabel, className, compact }: CollectionSelectProps) {
  const id = useId();
  const hydrated = useHydrated();
  // Values are references (`owner/name` for a shared collection), labels show the owner.
  const options = (collections ?? []).map((c) => ({ value: collectionRef(c), label: collectionLabel(c) }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  // Label by reference, not by wrapping: a wrapped select adds its current option to its name.
  return (
    <div className={`flex items-center gap-2 text-sm ${className ?? ''}`}>
      <label htmlFor={id} className={`shrink-0 text-zinc-600 dark:text-zinc-400 ${compact ? 'sr-only sm:not-sr-only' : ''}`}>
        {label}
      </label>
      <select
        id={id}
        disabled={!hydrated}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        className="max-w-[45vw] min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-900"
      >
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
