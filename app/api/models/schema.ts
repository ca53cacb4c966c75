import { z } from 'zod';

export const activeModelBody = z.strictObject({ file: z.string().min(1).max(255) });

export const downloadBody = z.strictObject({ uri: z.string().min(4).max(500) });

export const cancelQuery = z.object({ uri: z.string().min(4).max(500) });
