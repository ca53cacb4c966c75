import { z } from 'zod';
import { badRequest } from '@/lib/errors';
import { READ_ONLY_KEYS } from '@/lib/settings-view';
import { settingsPatchSchema } from '@/lib/settings';

/** PUT /api/settings: the editable fields (see lib/settings.ts); GET's read-only fields are accepted and ignored. */
export const settingsBody = settingsPatchSchema
  .extend(Object.fromEntries(READ_ONLY_KEYS.map((k) => [k, z.unknown().optional()])) as Record<(typeof READ_ONLY_KEYS)[number], z.ZodOptional<z.ZodUnknown>>)
  .transform((body) => {
    const patch = { ...body };
    for (const key of READ_ONLY_KEYS) delete patch[key];
    return patch;
  });

// No setting comes near this; a larger body is a hostile or broken client, answered 400 like any bad value.
const MAX_BODY_CHARS = 64 * 1024;

/** Reads at most MAX_BODY_CHARS of the body, so a megabyte value is refused without being held. */
export async function readSettingsText(request: Request): Promise<string> {
  const tooLong = () => badRequest('value_too_long', 'The settings body is too long; no setting takes more than 8,000 characters.');
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_CHARS * 4) throw tooLong();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > MAX_BODY_CHARS) {
      await reader.cancel().catch(() => undefined);
      throw tooLong();
    }
  }
  return text + decoder.decode();
}
