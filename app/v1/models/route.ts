import { chatModelInfo } from '@/lib/chat/providers';
import { guardedRoute } from '@/lib/auth/http';
import { getDatabase } from '@/lib/runtime';
import { loadSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

/** The one chat model Docent serves, in OpenAI's list format. */
export const GET = guardedRoute('member', async () => {
  const { id, created } = chatModelInfo(await loadSettings(await getDatabase()));
  return Response.json({ object: 'list', data: [{ id, object: 'model', created, owned_by: 'docent' }] });
});
