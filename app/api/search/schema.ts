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
  collection: z.string().min(1).max(320).optional(),
  mode: z.enum(retrievalModes).optional(),
});
