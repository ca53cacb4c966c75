'use client';

import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { ExchangeView } from './exchange-view';
import type { Exchange } from './types';

interface MessageListProps {
  exchanges: Exchange[];
  streaming: boolean;
  empty: ReactNode;
  onRegenerate: () => void;
  onOpenSource: (exchangeKey: string, index: number, anchor: HTMLElement) => void;
}

const NEAR_BOTTOM_PX = 80;

/** The conversation, kept scrolled to the newest text unless the reader has scrolled up. */
export function MessageList({ exchanges, streaming, empty, onRegenerate, onOpenSource }: MessageListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const count = exchanges.length;

  useLayoutEffect(() => {
    stick.current = true; // a new question always brings the view down
  }, [count]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  return (
    <div
      ref={ref}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      }}
      className="min-h-0 flex-1 overflow-y-auto"
    >
      {count === 0 ? (
        empty
      ) : (
        <div className="mx-auto max-w-3xl space-y-8 px-4 py-6">
          {exchanges.map((e, i) => (
            <ExchangeView
              key={e.key}
              exchange={e}
              canRegenerate={!streaming && i === count - 1 && !!e.question}
              onRegenerate={onRegenerate}
              onOpenSource={onOpenSource}
            />
          ))}
        </div>
      )}
    </div>
  );
}
