'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchJson, sendJson } from '../api-client';
import { historyOf, newKey, storedMessageCount } from './exchanges';
import { streamAnswer } from './stream-answer';
import type { AnswerTrace } from '@/lib/chat/trace-types';
import type { ChatDetail } from '@/lib/chat/chats';
import type { Exchange } from './types';
import type { AnswerChoiceFields } from './use-answer-options';

export interface ChatState {
  chatId: string | null;
  exchanges: Exchange[];
  collection: string | null;
  /** A document to ask about whole (the composer's picker, or `Chat about this document`). */
  documentId?: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The trace of the answer at `position` in a chat. It is stored as the stream ends and its
 * citation check lands a moment later, so this asks a few times until the check is done.
 */
async function loadTrace(chatId: string, position: number): Promise<AnswerTrace | null> {
  let trace: AnswerTrace | null = null;
  for (let i = 0; i < 10; i++) {
    const chat = await fetchJson<ChatDetail>(`/api/chats/${chatId}`).catch(() => null);
    trace = chat?.messages[position]?.trace ?? null;
    if (trace && trace.citations.check !== 'pending') break;
    await sleep(300);
  }
  return trace;
}

/**
 * One conversation: sends questions, streams answers in, stops and regenerates them.
 * `onStored` runs when the server has stored an exchange (the history list should refresh).
 */
export function useChat(initial: ChatState, onStored: (chatId: string) => void, choices?: () => AnswerChoiceFields) {
  const [exchanges, setExchangesState] = useState(initial.exchanges);
  const [chatId, setChatId] = useState(initial.chatId);
  const [collection, setCollection] = useState(initial.collection);
  const [documentId, setDocumentId] = useState(initial.documentId ?? null);
  const [streaming, setStreaming] = useState(false);
  const exchangesRef = useRef(exchanges);
  const chatIdRef = useRef(chatId);
  const abortRef = useRef<AbortController | null>(null);

  const setExchanges = useCallback((next: Exchange[] | ((prev: Exchange[]) => Exchange[])) => {
    exchangesRef.current = typeof next === 'function' ? next(exchangesRef.current) : next;
    setExchangesState(exchangesRef.current);
  }, []);
  const update = useCallback(
    (key: string, patch: Partial<Exchange>) => setExchanges((prev) => prev.map((e) => (e.key === key ? { ...e, ...patch } : e))),
    [setExchanges],
  );

  useEffect(() => () => abortRef.current?.abort(), []);

  const send = useCallback(
    async (question: string) => {
      if (abortRef.current || !question.trim()) return;
      const controller = new AbortController();
      abortRef.current = controller;
      const key = newKey();
      const history = historyOf(exchangesRef.current);
      setExchanges((prev) => [...prev, { key, question, answer: '', sources: [], status: 'waiting', stored: false }]);
      setStreaming(true);

      // Tokens arrive faster than frames; one render per frame keeps long answers smooth.
      let pending = '';
      let frame = 0;
      const flush = () => {
        cancelAnimationFrame(frame);
        frame = 0;
        if (!pending) return;
        const text = pending;
        pending = '';
        setExchanges((prev) => prev.map((e) => (e.key === key ? { ...e, answer: e.answer + text } : e)));
      };
      try {
        const end = await streamAnswer(
          { messages: [...history, { role: 'user', content: question }], chatId: chatIdRef.current, collection, documentId, choices: choices?.() },
          controller.signal,
          {
            onStart(id, sources) {
              update(key, { sources, status: 'streaming', stored: true });
              if (id && !chatIdRef.current) {
                chatIdRef.current = id;
                setChatId(id);
                // The address now names the chat, so a reload comes back to it.
                window.history.replaceState(window.history.state, '', `/chat/${id}`);
              }
            },
            onProgress({ section, sections }) {
              update(key, { progress: { section, sections } });
            },
            onDelta(text) {
              pending += text;
              frame ||= requestAnimationFrame(flush);
            },
          },
        );
        flush();
        if (end.kind === 'done') update(key, { status: 'done', finishReason: end.finishReason === 'length' ? 'length' : 'stop' });
        else if (end.kind === 'aborted') update(key, { status: 'stopped', finishReason: 'aborted' });
        else update(key, { status: 'error', error: end.message });
      } catch (err) {
        flush();
        update(key, { status: 'error', error: err instanceof Error ? err.message : String(err) });
      } finally {
        abortRef.current = null;
        setStreaming(false);
        if (chatIdRef.current) {
          onStored(chatIdRef.current);
          const position = exchangesRef.current.findIndex((e) => e.key === key);
          const stored = exchangesRef.current[position]?.stored;
          // Its answer is the stored message after the questions and answers before it.
          const at = storedMessageCount(exchangesRef.current.slice(0, position + 1)) - 1;
          if (stored) void loadTrace(chatIdRef.current, at).then((trace) => trace && update(key, { trace }));
        }
      }
    },
    [collection, documentId, onStored, setExchanges, update, choices],
  );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  /** Asks the last question again, replacing its answer here and on the server. */
  const regenerate = useCallback(async () => {
    const all = exchangesRef.current;
    const last = all.at(-1);
    if (!last || abortRef.current) return;
    const before = all.slice(0, -1);
    const id = chatIdRef.current;
    if (id && last.stored) {
      // A stopped answer is stored as the stream closes; wait for it so the right messages go.
      const expected = storedMessageCount(all);
      for (let i = 0; i < 20; i++) {
        const chat = await fetchJson<ChatDetail>(`/api/chats/${id}`).catch(() => null);
        if (!chat || chat.messages.length >= expected) break;
        await sleep(150);
      }
      await fetchJson(`/api/chats/${id}/messages?from=${storedMessageCount(before)}`, sendJson('DELETE')).catch(() => undefined);
    }
    setExchanges(before);
    await send(last.question);
  }, [send, setExchanges]);

  /** A new, empty conversation (the page stays; the address goes back to "/"). */
  const reset = useCallback(() => {
    abortRef.current?.abort();
    abortRef.current = null;
    chatIdRef.current = null;
    setChatId(null);
    setExchanges([]);
    setStreaming(false);
  }, [setExchanges]);

  return { chatId, exchanges, collection, setCollection, documentId, setDocumentId, streaming, send, stop, regenerate, reset };
}
