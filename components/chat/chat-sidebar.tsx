'use client';

import { Pencil, Trash2, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useHydrated } from '../use-hydrated';
import { groupByDate } from './date-groups';
import type { ChatView } from '@/lib/chat/chats';

interface ChatSidebarProps {
  id: string;
  chats: ChatView[] | null;
  error: string | null;
  currentId: string | null;
  open: boolean;
  onClose: () => void;
  onNewChat: () => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

const button = 'rounded px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-zinc-300 dark:hover:bg-zinc-800';

/** The chat history: a column on wide screens, a drawer on narrow ones. */
export function ChatSidebar({ id, chats, error, currentId, open, onClose, onNewChat, onRename, onDelete }: ChatSidebarProps) {
  const hydrated = useHydrated();
  return (
    <>
      {open && <div className="fixed inset-0 z-20 bg-black/40 md:hidden" aria-hidden="true" onClick={onClose} />}
      <aside
        id={id}
        aria-label="Chat history"
        className={`${open ? 'flex' : 'hidden'} fixed inset-y-0 left-0 z-30 w-72 max-w-[85vw] flex-col border-r border-zinc-200 bg-zinc-50 md:static md:z-auto md:flex md:w-64 dark:border-zinc-800 dark:bg-zinc-900`}
      >
        <div className="flex items-center gap-2 p-3">
          <button
            type="button"
            onClick={onNewChat}
            className="flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-950 dark:hover:bg-zinc-800"
          >
            New chat
          </button>
          <button type="button" onClick={onClose} className={`${button} md:hidden`} aria-label="Close chat history">
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
          {error && (
            <p role="alert" className="px-2 text-xs text-red-700 dark:text-red-400">
              {error}
            </p>
          )}
          {chats === null ? (
            <p className="px-2 text-xs text-zinc-500">Loading chats…</p>
          ) : chats.length === 0 ? (
            <p className="px-2 text-xs text-zinc-500">No chats yet. Your conversations appear here.</p>
          ) : (
            // Grouped once hydrated: "today" is the reader's, and the server may be in another time zone.
            (hydrated ? groupByDate(chats) : [{ label: null, items: chats }]).map((group) => (
              <section key={group.label ?? 'all'} aria-label={group.label ?? undefined} className="mb-2">
                {group.label && <h2 className="px-2 pt-2 pb-1 text-xs font-semibold text-zinc-500">{group.label}</h2>}
                <ul className="space-y-0.5">
                  {group.items.map((chat) => (
                    <ChatItem key={chat.id} chat={chat} current={chat.id === currentId} onRename={onRename} onDelete={onDelete} onNavigate={onClose} />
                  ))}
                </ul>
              </section>
            ))
          )}
        </div>
      </aside>
    </>
  );
}

interface ChatItemProps {
  chat: ChatView;
  current: boolean;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onNavigate: () => void;
}

function ChatItem({ chat, current, onRename, onDelete, onNavigate }: ChatItemProps) {
  const router = useRouter();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [title, setTitle] = useState(chat.title);
  const [error, setError] = useState<string | null>(null);

  const act = async (work: () => Promise<void>) => {
    try {
      await work();
      setMode('view');
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (mode === 'rename') {
    return (
      <li className="rounded-md bg-white p-2 dark:bg-zinc-950">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => onRename(chat.id, title));
          }}
          className="space-y-1"
        >
          <label className="block text-xs font-medium">
            Chat title
            <input
              autoFocus
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setMode('view'))}
              className="mt-1 block w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
          </label>
          <div className="flex gap-1">
            <button type="submit" className={button}>
              Save title
            </button>
            <button type="button" className={button} onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
          {error && <p role="alert" className="text-xs text-red-700 dark:text-red-400">{error}</p>}
        </form>
      </li>
    );
  }

  const icon = 'rounded p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-zinc-700 dark:hover:text-white';
  return (
    <li className={`group rounded-md ${current ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60'}`}>
      <div className="flex items-center">
        {/* A button, not a link: a chat titled "Documents" must not become a second link of that name beside the navigation. */}
        <button
          type="button"
          onClick={() => {
            onNavigate();
            if (!current) router.push(`/chat/${chat.id}`);
          }}
          onPointerEnter={() => router.prefetch(`/chat/${chat.id}`)}
          aria-current={current ? 'page' : undefined}
          className="min-w-0 flex-1 truncate rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
          title={chat.title}
        >
          {chat.title}
        </button>
        {mode === 'view' && (
          <span className="flex shrink-0 md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100">
            <button type="button" className={icon} aria-label={`Rename chat ${chat.title}`} title="Rename" onClick={() => (setTitle(chat.title), setMode('rename'))}>
              <Pencil aria-hidden="true" className="size-4" />
            </button>
            <button type="button" className={icon} aria-label={`Delete chat ${chat.title}`} title="Delete" onClick={() => setMode('confirm')}>
              <Trash2 aria-hidden="true" className="size-4" />
            </button>
          </span>
        )}
      </div>
      {mode === 'confirm' && (
        <div className="flex gap-1 px-1 pb-1">
          <button type="button" autoFocus className={`${button} text-red-700 dark:text-red-400`} onClick={() => void act(() => onDelete(chat.id))}>
            Confirm delete
          </button>
          <button type="button" className={button} onClick={() => setMode('view')}>
            Cancel
          </button>
        </div>
      )}
      {error && <p role="alert" className="px-2 pb-1 text-xs text-red-700 dark:text-red-400">{error}</p>}
    </li>
  );
}
