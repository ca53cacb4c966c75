import { servedModel } from '@/lib/chat/completion-checks';
import { guardedRoute } from '@/lib/auth/http';
import { getDatabase } from '@/lib/runtime';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** The one chat model Docent serves, in OpenAI's list format. */
export const GET = guardedRoute('member', async () => {
  return Response.json({ object: 'list', data: [await servedModel(await getDatabase())] });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
