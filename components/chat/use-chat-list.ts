'use client';

import { useCallback, useEffect, useState } from 'react';
import { fetchJson, sendJson } from '../api-client';
import type { ChatList, ChatView } from '@/lib/chat/chats';
import type { ChatTitle } from '@/lib/chat-edits';

/** The chat history for the sidebar, from /api/chats. */
export function useChatList(initial: ChatView[] | null) {
  const [chats, setChats] = useState<ChatView[] | null>(initial);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setChats((await fetchJson<ChatList>('/api/chats')).chats);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    if (initial !== null) return;
    fetchJson<ChatList>('/api/chats').then(
      (body) => setChats(body.chats),
      (err: Error) => setError(err.message),
    );
  }, [initial]);

  const rename = useCallback(async (id: string, title: string) => {
    const saved = await fetchJson<ChatTitle>(`/api/chats/${id}/title`, sendJson('PUT', { title }));
    setChats((prev) => prev?.map((c) => (c.id === id ? { ...c, title: saved.title } : c)) ?? prev);
  }, []);

  const remove = useCallback(async (id: string) => {
    await fetchJson(`/api/chats/${id}`, sendJson('DELETE'));
    setChats((prev) => prev?.filter((c) => c.id !== id) ?? prev);
  }, []);

  return { chats, error, refresh, rename, remove };
}
