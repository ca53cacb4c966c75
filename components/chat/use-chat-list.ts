'use client';

import { useCallback, useEffect, useState } from 'react';
import { fetchJson, sendJson } from '../api-client';
import type { ChatSummary } from './types';

/** The chat history for the sidebar, from /api/chats. */
export function useChatList(initial: ChatSummary[] | null) {
  const [chats, setChats] = useState<ChatSummary[] | null>(initial);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setChats((await fetchJson<{ chats: ChatSummary[] }>('/api/chats')).chats);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    if (initial !== null) return;
    fetchJson<{ chats: ChatSummary[] }>('/api/chats').then(
      (body) => setChats(body.chats),
      (err: Error) => setError(err.message),
    );
  }, [initial]);

  const rename = useCallback(async (id: string, title: string) => {
    const saved = await fetchJson<{ id: string; title: string }>(`/api/chats/${id}/title`, sendJson('PUT', { title }));
    setChats((prev) => prev?.map((c) => (c.id === id ? { ...c, title: saved.title } : c)) ?? prev);
  }, []);

  const remove = useCallback(async (id: string) => {
    await fetchJson(`/api/chats/${id}`, sendJson('DELETE'));
    setChats((prev) => prev?.filter((c) => c.id !== id) ?? prev);
  }, []);

  return { chats, error, refresh, rename, remove };
}
