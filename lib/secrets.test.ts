import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFromPassphrase, openSecret, readOrCreateKeyFile, sealSecret, SecretError } from './secrets';

const key = randomBytes(32);
const secret = 'sk-test-0123456789abcdefghijklmnopqrstuvwxyz';

describe('sealed secrets', () => {
  it('round-trips, with a fresh IV every time and no plaintext in the box', () => {
    const a = sealSecret(secret, key, 'openaiApiKey');
    const b = sealSecret(secret, key, 'openaiApiKey');
    expect(openSecret(a, key, 'openaiApiKey')).toBe(secret);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(JSON.stringify(a)).not.toContain('sk-test');
  });

  it('fails closed on tampered ciphertext, tag or IV', () => {
    const box = sealSecret(secret, key, 'openaiApiKey');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    for (const field of ['data', 'tag', 'iv'] as const) {
      expect(() => openSecret({ ...box, [field]: flip(box[field]) }, key, 'openaiApiKey')).toThrow(SecretError);
    }
  });

  it('fails with another key, even one claiming the same key id', () => {
    const box = sealSecret(secret, key, 'openaiApiKey');
    const other = randomBytes(32);
    expect(() => openSecret(box, other, 'openaiApiKey')).toThrow(/another key/);
    const forged = { ...sealSecret(secret, other, 'openaiApiKey'), kid: box.kid };
    expect(() => openSecret(forged, key, 'openaiApiKey')).toThrow(SecretError);
  });

  it('does not open a box moved to another purpose', () => {
    const box = sealSecret(secret, key, 'openaiApiKey');
    expect(() => openSecret(box, key, 'someOtherKey')).toThrow(SecretError);
  });

  it('rejects things that are not sealed boxes, including plaintext', () => {
    for (const value of [secret, null, 42, {}, { v: 2 }]) expect(() => openSecret(value, key, 'openaiApiKey')).toThrow(SecretError);
  });

  it('derives a stable 32-byte key from DOCENT_SECRET', () => {
    expect(keyFromPassphrase('correct horse battery staple')).toHaveLength(32);
    expect(keyFromPassphrase('correct horse battery staple').equals(keyFromPassphrase('correct horse battery staple'))).toBe(true);
    expect(keyFromPassphrase('correct horse battery staple').equals(keyFromPassphrase('correct horse battery stapler'))).toBe(false);
  });

  it('creates the key file once, with mode 0600, and reads it back', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docent-secret-')), 'nested', 'secret.key');
    const first = readOrCreateKeyFile(file);
    expect(first).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateKeyFile(file).equals(first)).toBe(true);
    fs.writeFileSync(file, 'short');
    expect(() => readOrCreateKeyFile(file)).toThrow(SecretError);
  });
});
