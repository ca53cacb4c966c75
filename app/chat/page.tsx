import { redirect } from 'next/navigation';

/** Chat lives at `/` (stored chats at /chat/{id}); `/chat` is where people look for it. */
export default function ChatIndexPage() {
  redirect('/');
}
