import { z } from 'zod';
import { retrievalModes } from '@/lib/settings';

export const searchBody = z.object({
  query: z.string().trim().min(1, 'query must not be empty').max(2000),
  k: z.number().int().min(1).max(100).optional(),
  collection: z.string().min(1).max(320).optional(),
  mode: z.enum(retrievalModes).optional(),
});
