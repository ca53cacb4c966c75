import { createChatCompletion } from '@/lib/chat/completions';
import { guardedRoute } from '@/lib/auth/http';
import { enforceRateLimit } from '@/lib/auth/rate-limit';
import { readJson } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';
import { completionBody, toMessages } from './schema';

export const dynamic = 'force-dynamic';

/** OpenAI-compatible chat, grounded in the documents; see lib/chat/completions.ts for the wire format. */
export const POST = guardedRoute('member', async (request, viewer) => {
  const arrivedAt = performance.now(); // the answer's trace times its first token from here
  const body = await readJson(request, completionBody);
  await enforceRateLimit(await getDatabase(), 'chat', viewer);
  return createChatCompletion(
    {
      viewerId: viewer.userId,
      messages: toMessages(body),
      stream: body.stream ?? false,
      includeUsage: body.stream_options?.include_usage ?? false,
      temperature: body.temperature ?? undefined,
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      collection: body.collection,
      k: body.k,
      chatId: body.chat_id ?? request.headers.get('x-chat-id') ?? undefined,
      arrivedAt,
    },
    request.signal,
  );
});
