import type { Metadata } from 'next';
import { ChatApp } from '@/components/chat/chat-app';
import { exchangesFromMessages } from '@/components/chat/exchanges';
import { requireSignedIn } from '../../page-auth';
import { loadChat, loadChatList } from '../load-chat';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const viewer = await requireSignedIn(`/chat/${id}`);
  const chat = await loadChat(viewer, id);
  return { title: chat ? `${chat.title} · Docent` : 'Chat · Docent' };
}

/** A stored chat, rendered on the server so a reload shows the conversation at once. */
export default async function StoredChatPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requireSignedIn(`/chat/${id}`);
  const [chat, chats] = await Promise.all([loadChat(viewer, id), loadChatList(viewer)]);
  if (!chat) return <ChatApp chatId={null} exchanges={[]} collection={null} chats={chats} missing />;
  return (
    <ChatApp
      key={chat.id}
      chatId={chat.id}
      title={chat.title}
      exchanges={exchangesFromMessages(chat.messages)}
      collection={chat.collection}
      chats={chats}
    />
  );
}
