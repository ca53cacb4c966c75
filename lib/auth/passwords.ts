import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** argon2id with the library's defaults (OWASP's 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash signs nobody in
  }
}

// A fixed hash to verify against when the email is unknown, so the response time does not
// reveal which emails have accounts.
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoy ??= hashPassword('docent-decoy-password');
  await verifyPassword(await decoy, password);
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address like name@example.com').max(254));

// NIST SP 800-63B: at least 8 characters, no composition rules, long passphrases allowed.
export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');
