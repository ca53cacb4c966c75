import { ChatApp } from '@/components/chat/chat-app';
import { loadChatList } from './chat/load-chat';
import { requireSignedIn } from './page-auth';

export const dynamic = 'force-dynamic';

export default async function ChatPage() {
  const viewer = await requireSignedIn('/');
  return <ChatApp chatId={null} exchanges={[]} collection={null} chats={await loadChatList(viewer)} />;
}
