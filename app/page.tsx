import { ChatApp } from '@/components/chat/chat-app';
import { loadChatList } from './chat/load-chat';

export const dynamic = 'force-dynamic';

export default async function ChatPage() {
  return <ChatApp chatId={null} exchanges={[]} collection={null} chats={await loadChatList()} />;
}
