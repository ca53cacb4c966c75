import { checkCompletionRequest } from '@/lib/chat/completion-checks';
import { createChatCompletion } from '@/lib/chat/completions';
import { guardedRoute } from '@/lib/auth/http';
import { enforceRateLimit } from '@/lib/auth/rate-limit';
import { otherMethods, readJson } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';
import { completionBody, toMessages } from './schema';

export const dynamic = 'force-dynamic';

/** OpenAI-compatible chat, grounded in the documents; see lib/chat/completions.ts for the wire format. */
export const POST = guardedRoute('member', async (request, viewer) => {
  const arrivedAt = performance.now(); // the answer's trace times its first token from here
  const body = await readJson(request, completionBody);
  const db = await getDatabase();
  await checkCompletionRequest(db, viewer.userId, body);
  await enforceRateLimit(db, 'chat', viewer);
  const chatId = body.chat_id ?? request.headers.get('x-chat-id') ?? undefined;
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
      chatId,
      // API calls stay out of the sidebar unless asked (OpenAI's `store`) or continuing a chat.
      store: body.store === true || chatId !== undefined,
      documentIds: body.document_ids,
      adapter: body.adapter,
      answerMode: body.answer_mode,
      arrivedAt,
    },
    request.signal,
  );
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
