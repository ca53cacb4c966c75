'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CollectionSelect } from '../collection-select';
import { useCollections } from '../use-collections';
import { ChatSidebar } from './chat-sidebar';
import { Composer } from './composer';
import { DocumentPicker } from './document-picker';
import { EmptyChat } from './empty-chat';
import { MessageList } from './message-list';
import { AnswerOptions, TinyModelNote } from './answer-options';
import { ModelNotice } from './model-notice';
import { useAnswerOptions } from './use-answer-options';
import { SourcePanel } from './source-panel';
import type { ChatView } from '@/lib/chat/chats';
import type { Exchange } from './types';
import { useChat } from './use-chat';
import { useChatList } from './use-chat-list';

interface ChatAppProps {
  chatId: string | null;
  title?: string;
  exchanges: Exchange[];
  collection: string | null;
  chats: ChatView[] | null;
  /** A document to ask about whole (`/?document=<id>`, from `Chat about this document`). */
  documentId?: string | null;
  /** The chat in the address does not exist (deleted, or a mistyped link). */
  missing?: boolean;
}

const SIDEBAR_ID = 'chat-history';

export function ChatApp(props: ChatAppProps) {
  const router = useRouter();
  const list = useChatList(props.chats);
  const { collections } = useCollections();
  const { refresh } = list;
  const answerOptions = useAnswerOptions(props.chatId);
  const { fields: answerFields } = answerOptions;
  const chat = useChat({ chatId: props.chatId, exchanges: props.exchanges, collection: props.collection, documentId: props.documentId }, useCallback(() => void refresh(), [refresh]), answerFields);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [openSource, setOpenSource] = useState<{ exchangeKey: string; index: number } | null>(null);
  const anchorRef = useRef<HTMLElement | null>(null);
  const { streaming, stop } = chat;

  const source = openSource ? chat.exchanges.find((e) => e.key === openSource.exchangeKey)?.sources.find((s) => s.index === openSource.index) : undefined;

  const onOpenSource = useCallback((exchangeKey: string, index: number, anchor: HTMLElement) => {
    anchorRef.current = anchor;
    setOpenSource({ exchangeKey, index });
  }, []);
  const closeSource = useCallback(() => {
    setOpenSource(null);
    anchorRef.current?.focus();
  }, []);

  // Esc closes the source panel first; otherwise it stops a streaming answer, wherever focus is.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (openSource) closeSource();
      else if (sidebarOpen) setSidebarOpen(false);
      else if (streaming) stop();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [openSource, closeSource, sidebarOpen, streaming, stop]);

  // On "/" the page is kept (the address was only replaced), so its state is cleared too.
  const newChat = () => {
    setSidebarOpen(false);
    setOpenSource(null);
    chat.reset();
    router.push('/');
  };

  const deleteChat = async (id: string) => {
    await list.remove(id);
    if (id === chat.chatId) newChat();
  };

  const title = list.chats?.find((c) => c.id === chat.chatId)?.title ?? props.title ?? 'New chat';

  return (
    <div className="flex h-[calc(100dvh-3rem)] min-h-0">
      <ChatSidebar
        id={SIDEBAR_ID}
        chats={list.chats}
        error={list.error}
        currentId={chat.chatId}
        open={sidebarOpen}
        onClose={() => setSidebarOpen(false)}
        onNewChat={newChat}
        onRename={list.rename}
        onDelete={deleteChat}
      />
      <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col">
        <header className="flex min-h-12 shrink-0 flex-wrap items-center gap-x-2 gap-y-1 border-b border-zinc-200 px-3 py-1 dark:border-zinc-800">
          <button
            type="button"
            aria-expanded={sidebarOpen}
            aria-controls={SIDEBAR_ID}
            onClick={() => setSidebarOpen(true)}
            className="rounded-md border border-zinc-300 px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 md:hidden dark:border-zinc-700"
          >
            History
          </button>
          <h1 className="min-w-0 flex-1 truncate text-sm font-semibold" title={title}>
            {title}
          </h1>
          <AnswerOptions state={answerOptions} />
          <CollectionSelect label="Collection" value={chat.collection} collections={collections} onChange={chat.setCollection} allLabel="All collections" compact />
        </header>
        {props.missing ? (
          <div role="alert" className="mx-auto mt-10 max-w-md px-4 text-center text-sm text-zinc-600 dark:text-zinc-400">
            This chat does not exist any more. Start a new chat from the history panel.
          </div>
        ) : (
          <>
            <MessageList
              exchanges={chat.exchanges}
              streaming={streaming}
              empty={<EmptyChat onAsk={(q) => void chat.send(q)} />}
              onRegenerate={() => void chat.regenerate()}
              onOpenSource={onOpenSource}
            />
            <ModelNotice />
            <TinyModelNote model={answerOptions.mode === 'quotes' ? null : answerOptions.options?.tinyModel} />
            <Composer
              streaming={streaming}
              onSend={(text) => void chat.send(text)}
              onStop={stop}
              picker={<DocumentPicker value={chat.documentId} onChange={chat.setDocumentId} />}
            />
          </>
        )}
      </section>
      {source && <SourcePanel source={source} onClose={closeSource} />}
    </div>
  );
}
