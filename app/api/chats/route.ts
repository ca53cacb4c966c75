import { listChatViews } from '@/lib/chat/chats';
import { route } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export const GET = route(async () => Response.json({ chats: await listChatViews(await getDatabase()) }));
