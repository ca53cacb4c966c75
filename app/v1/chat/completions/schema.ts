import { z } from 'zod';
import type { ChatMessage } from '@/lib/chat/types';

const MAX_TEXT = 200_000;

// OpenAI allows a string or an array of content parts; Docent reads text parts only.
const content = z
  .union([
    z.string().max(MAX_TEXT),
    z.array(z.looseObject({ type: z.string(), text: z.string().max(MAX_TEXT).optional() })).max(100),
    z.null(),
  ])
  .optional()
  .refine((c) => !Array.isArray(c) || c.every((part) => part.type === 'text' && typeof part.text === 'string'), {
    message: 'only text content parts ({"type":"text","text":…}) are supported',
  })
  .transform((c) => (Array.isArray(c) ? c.map((part) => part.text).join('\n') : (c ?? '')));

const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content,
});

const tokenLimit = z.number().int().min(1).max(32_768).nullish();

/** The OpenAI chat request (unknown fields ignored, as OpenAI-compatible servers do) plus Docent's `collection`, `k`, `chat_id`. */
export const completionBody = z
  .object({
    model: z.string().max(500).nullish(),
    messages: z.array(message).min(1, 'messages must not be empty').max(1000),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    max_tokens: tokenLimit,
    max_completion_tokens: tokenLimit,
    collection: z.string().min(1).max(320).optional(),
    k: z.number().int().min(1).max(100).optional(),
    chat_id: z.string().min(1).max(100).optional(),
    n: z.number().int().min(1).nullish(),
    // OpenAI's meaning: keep this exchange (here: as a chat in the viewer's sidebar).
    store: z.boolean().nullish(),
    /** Answer from these documents read whole instead of searching (lib/chat/whole-document). */
    document_ids: z.array(z.uuid('document_ids must hold document ids (UUIDs)')).min(1).max(20).optional(),
    /** A LoRA from MODELS_DIR/loras and its strength; null: none. Kept as the chat's choice. */
    adapter: z.object({ name: z.string().min(1).max(200), scale: z.number().min(0).max(1).default(1) }).nullable().optional(),
    answer_mode: z.enum(['generate', 'quotes']).optional(),
  })
  // zod runs this even when a message failed above, so content may still be the raw array.
  .refine((b) => b.messages.some((m) => m.role === 'user' && typeof m.content === 'string' && m.content.trim()), {
    message: 'messages must include a user message with text (the question)',
    path: ['messages'],
  });

export type CompletionBody = z.infer<typeof completionBody>;

export function toMessages(body: CompletionBody): ChatMessage[] {
  return body.messages.map((m) => ({ role: m.role === 'developer' ? 'system' : m.role, content: m.content }));
}
