'use client';

import { Check, Copy } from 'lucide-react';
import { useState } from 'react';

const COPIED_MS = 2000;

/**
 * Copies `text` to the clipboard and says so for two seconds. The accessible name stays
 * `label` (browser checks find it); a live region announces the result.
 */
export function CopyButton({ text, label = 'Copy', className = '' }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed'); // no clipboard access (plain HTTP on a LAN address): the text is still selectable
    }
    setTimeout(() => setState('idle'), COPIED_MS);
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={label}
      className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800 ${className}`}
    >
      {state === 'copied' ? <Check aria-hidden="true" className="size-3.5" /> : <Copy aria-hidden="true" className="size-3.5" />}
      <span aria-hidden="true">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed; select the text' : 'Copy'}</span>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy; select the text instead' : ''}
      </span>
    </button>
  );
}
