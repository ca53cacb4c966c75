import { ChatApp } from '@/components/chat/chat-app';
import { loadChatList } from './chat/load-chat';
import { requireSignedIn } from './page-auth';

export const dynamic = 'force-dynamic';

export default async function ChatPage({ searchParams }: { searchParams: Promise<{ document?: string | string[] }> }) {
  const viewer = await requireSignedIn('/');
  const document = (await searchParams).document;
  const documentId = typeof document === 'string' && /^[0-9a-f-]{36}$/i.test(document) ? document : null;
  return <ChatApp chatId={null} exchanges={[]} collection={null} documentId={documentId} chats={await loadChatList(viewer)} />;
}
