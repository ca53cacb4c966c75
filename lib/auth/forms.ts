import { z } from 'zod';
import { emailSchema, passwordSchema } from './passwords';

/** Request bodies of the account routes. */
export const credentialsBody = z.strictObject({ email: emailSchema, password: passwordSchema });

// Sign-in checks the password against the stored hash only; length rules apply when it is set.
export const signInBody = z.strictObject({ email: emailSchema, password: z.string().min(1).max(256) });

export const newUserBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(['admin', 'member']).default('member'),
});

export const newApiKeyBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must be one line of text'),
});

export const memberBody = z.strictObject({ email: emailSchema });

/** Sharing: a reader searches, lists and cites; an editor also adds documents. */
export const shareBody = z.strictObject({ email: emailSchema, role: z.enum(['editor', 'reader']).default('reader') });
