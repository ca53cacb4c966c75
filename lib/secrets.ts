import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { env } from './env';

/**
 * Secrets at rest (provider API keys) are sealed with AES-256-GCM. The key comes from
 * DOCENT_SECRET when set, otherwise from DATA_DIR/secret.key, generated once with mode 0600.
 * Each box is bound to its purpose (the setting's name) as associated data, so a ciphertext
 * copied into another setting does not open.
 */
export interface SealedSecret {
  v: 1;
  alg: 'aes-256-gcm';
  /** Which key sealed it: a short hash, so a changed key is reported as such. */
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

const sealedSchema = z.object({
  v: z.literal(1),
  alg: z.literal('aes-256-gcm'),
  kid: z.string().max(64),
  iv: z.string().max(64),
  tag: z.string().max(64),
  data: z.string().max(16_384),
});

/** The secret cannot be opened: tampered, wrong key, or not a sealed box. Never falls back to anything. */
export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

const KEY_BYTES = 32;
const IV_BYTES = 12;

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function sealSecret(plaintext: string, key: Buffer, purpose: string): SealedSecret {
  if (key.length !== KEY_BYTES) throw new SecretError('The secret key must be 32 bytes.');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    alg: 'aes-256-gcm',
    kid: keyId(key),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function openSecret(sealed: unknown, key: Buffer, purpose: string): string {
  const parsed = sealedSchema.safeParse(sealed);
  if (!parsed.success) throw new SecretError('The stored secret is not a sealed box.');
  const box = parsed.data;
  if (box.kid !== keyId(key)) {
    throw new SecretError('The stored secret was sealed with another key (DOCENT_SECRET or DATA_DIR/secret.key changed).');
  }
  const iv = Buffer.from(box.iv, 'base64');
  const tag = Buffer.from(box.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== 16) throw new SecretError('The stored secret is malformed.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretError('The stored secret failed its integrity check (tampered, or another key).');
  }
}

/** DOCENT_SECRET may be any long string; HKDF turns it into exactly 32 bytes. */
export function keyFromPassphrase(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('docent'), Buffer.from('secrets-at-rest/v1'), KEY_BYTES));
}

/**
 * Reads DATA_DIR/secret.key, creating it on first use. `wx` makes creation atomic, so two
 * processes starting together end with one key; the loser reads the winner's file.
 */
export function readOrCreateKeyFile(file: string): Buffer {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = fs.readFileSync(file);
  if (key.length !== KEY_BYTES) throw new SecretError(`${file} is not a 32-byte key; restore it, or delete it and enter the secrets again.`);
  return key;
}

let cachedKey: { source: string; key: Buffer } | undefined;

/** The key that seals secrets in this installation. */
export function secretKey(): Buffer {
  const e = env();
  const source = e.DOCENT_SECRET ? 'env' : path.join(e.DATA_DIR, 'secret.key');
  if (cachedKey?.source !== source) {
    cachedKey = { source, key: e.DOCENT_SECRET ? keyFromPassphrase(e.DOCENT_SECRET) : readOrCreateKeyFile(source) };
  }
  return cachedKey.key;
}
