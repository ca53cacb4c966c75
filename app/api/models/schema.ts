import { z } from 'zod';

export const activeModelBody = z.strictObject({ file: z.string().min(1).max(255) });
