'use client';

import { useEffect, useRef, useState } from 'react';
import type { ChatOptions } from '@/lib/models/chat-options';
import { fetchJson } from '../api-client';

/** What a send adds to the request: only the choices the person changed (the rest stays the chat's). */
export interface AnswerChoiceFields {
  adapter?: { name: string; scale: number } | null;
  answer_mode?: 'generate' | 'quotes';
}

/**
 * The chat's adapter and answer mode: loaded with the chat's stored choices, sent with the next
 * question once changed (the server then keeps them as the chat's own).
 */
export function useAnswerOptions(chatId: string | null) {
  const [options, setOptions] = useState<ChatOptions | null>(null);
  const [adapter, setAdapterState] = useState('');
  const [scale, setScaleState] = useState(1);
  const [mode, setModeState] = useState('');
  const changed = useRef<{ adapter: boolean; mode: boolean }>({ adapter: false, mode: false });

  useEffect(() => {
    let cancelled = false;
    fetchJson<ChatOptions>(`/api/models/options${chatId ? `?chat=${encodeURIComponent(chatId)}` : ''}`).then(
      (o) => {
        if (cancelled) return;
        setOptions(o);
        if (!changed.current.adapter) {
          setAdapterState(o.chat?.adapter?.name.replace(/\.gguf$/i, '') ?? '');
          setScaleState(o.chat?.adapter?.scale ?? 1);
        }
        if (!changed.current.mode) setModeState(o.chat?.answerMode ?? '');
      },
      () => undefined, // the selects stay at their defaults; sending still works
    );
    return () => {
      cancelled = true;
    };
  }, [chatId]);

  const fields = (): AnswerChoiceFields => ({
    ...(changed.current.adapter ? { adapter: adapter ? { name: adapter, scale } : null } : {}),
    ...(changed.current.mode && mode ? { answer_mode: mode as 'generate' | 'quotes' } : {}),
  });

  return {
    options,
    adapter,
    scale,
    mode,
    setAdapter: (name: string) => ((changed.current.adapter = true), setAdapterState(name)),
    setScale: (value: number) => ((changed.current.adapter = true), setScaleState(value)),
    setMode: (value: string) => ((changed.current.mode = true), setModeState(value)),
    fields,
  };
}
