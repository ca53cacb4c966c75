import { z } from 'zod';
import { MAX_SEARCH_CHARS } from '@/lib/search/question';
import { retrievalModes } from '@/lib/settings';

export const searchBody = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'query must not be empty')
    .max(MAX_SEARCH_CHARS, `query is longer than ${MAX_SEARCH_CHARS.toLocaleString('en')} characters; shorten it`),
  k: z.number().int().min(1).max(100).optional(),
  collection: z
    .string()
    .min(1)
    .max(64)
    .refine((c) => !/[\u0000-\u001f\u007f]/.test(c), 'collection must not contain control characters')
    .optional(),
  mode: z.enum(retrievalModes).optional(),
});
