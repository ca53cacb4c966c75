import { createChatCompletion } from '@/lib/chat/completions';
import { readJson, route } from '@/lib/http';
import { completionBody, toMessages } from './schema';

export const dynamic = 'force-dynamic';

/** OpenAI-compatible chat, grounded in the documents; see lib/chat/completions.ts for the wire format. */
export const POST = route(async (request: Request) => {
  const body = await readJson(request, completionBody);
  return createChatCompletion(
    {
      messages: toMessages(body),
      stream: body.stream ?? false,
      includeUsage: body.stream_options?.include_usage ?? false,
      temperature: body.temperature ?? undefined,
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      collection: body.collection,
      k: body.k,
      chatId: body.chat_id ?? request.headers.get('x-chat-id') ?? undefined,
    },
    request.signal,
  );
});
