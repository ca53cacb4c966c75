import type { Queryable } from '@/db';
import { deleteSettingByKey, getSettingValueByKey, upsertSetting } from '@/db/queries/settings';
import { env } from './env';
import { AppError } from './errors';
import { openSecret, sealSecret, SecretError, secretKey } from './secrets';

/**
 * The OpenAI API key an admin entered: sealed in the settings table, never returned by any
 * route. The row's key doubles as the sealed box's associated data.
 */
const OPENAI_KEY = 'openaiApiKey';

export async function storeOpenAIApiKey(q: Queryable, apiKey: string): Promise<void> {
  await upsertSetting(q, OPENAI_KEY, sealSecret(apiKey, secretKey(), OPENAI_KEY));
}

export async function clearOpenAIApiKey(q: Queryable): Promise<void> {
  await deleteSettingByKey(q, OPENAI_KEY);
}

/**
 * The key for the OpenAI provider: the admin's stored key, else OPENAI_API_KEY, else undefined.
 * A stored key that cannot be opened (tampered, or the secret key changed) fails closed with a
 * 503 that says what to do — it never falls back to another key.
 */
export async function loadOpenAIApiKey(q: Queryable): Promise<string | undefined> {
  const sealed = await getSettingValueByKey(q, OPENAI_KEY);
  if (sealed === undefined) return env().OPENAI_API_KEY;
  try {
    return openSecret(sealed, secretKey(), OPENAI_KEY);
  } catch (err) {
    if (!(err instanceof SecretError)) throw err;
    throw new AppError(
      'secret_unreadable',
      `The stored OpenAI API key cannot be decrypted: ${err.message} Enter the key again on the Settings page.`,
      503,
    );
  }
}

export interface OpenAIApiKeyState {
  /** An admin stored a key (it may still fail to open; see `readable`). */
  stored: boolean;
  readable: boolean;
  fromEnv: boolean;
}

export async function openAIApiKeyState(q: Queryable): Promise<OpenAIApiKeyState> {
  const sealed = await getSettingValueByKey(q, OPENAI_KEY);
  let readable = false;
  if (sealed !== undefined) {
    try {
      openSecret(sealed, secretKey(), OPENAI_KEY);
      readable = true;
    } catch {
      readable = false;
    }
  }
  return { stored: sealed !== undefined, readable, fromEnv: !!env().OPENAI_API_KEY };
}
