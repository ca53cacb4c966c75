'use client';

import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { useHydrated } from '../use-hydrated';

interface ComposerProps {
  streaming: boolean;
  disabled?: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Shown above the question box (the document picker). */
  picker?: ReactNode;
}

const MAX_HEIGHT = 192;

/** The question box: Enter sends, Shift+Enter adds a line, Esc stops an answer. Send and Stop share one slot, so nothing moves. */
export function Composer({ streaming, disabled, onSend, onStop, picker }: ComposerProps) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const hydrated = useHydrated();

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  const submit = () => {
    if (streaming || disabled || !text.trim()) return;
    onSend(text);
    setText('');
  };

  const action = 'h-10 w-20 shrink-0 rounded-lg text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600';
  return (
    <form
      className="border-t border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-950"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {picker}
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        <label htmlFor="chat-message" className="sr-only">
          Message
        </label>
        <textarea
          id="chat-message"
          ref={ref}
          rows={1}
          value={text}
          maxLength={20_000}
          readOnly={!hydrated}
          placeholder="Ask a question about your documents…"
          aria-describedby="chat-message-hint"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            } else if (e.key === 'Escape' && streaming) {
              e.preventDefault();
              onStop();
            }
          }}
          className="block max-h-48 min-h-10 flex-1 resize-none rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base leading-6 focus-visible:outline-2 focus-visible:outline-blue-600 sm:text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        {streaming ? (
          <button type="button" onClick={onStop} className={`${action} border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-800 dark:text-white`}>
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={disabled || !text.trim()}
            className={`${action} bg-blue-600 text-white hover:bg-blue-700 disabled:cursor-not-allowed disabled:opacity-50`}
          >
            Send
          </button>
        )}
      </div>
      <p id="chat-message-hint" className="mx-auto mt-1 hidden max-w-3xl text-xs text-zinc-500 sm:block">
        Enter sends · Shift+Enter adds a line · Esc stops the answer
      </p>
    </form>
  );
}
