import { badRequest } from '@/lib/errors';
import { guardedRoute } from '@/lib/auth/http';
import { parseWith, otherMethods } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';
import { getSettingsView, updateSettings } from '@/lib/settings-view';
import { readSettingsText, settingsBody } from './schema';

export const dynamic = 'force-dynamic';

/** Settings are the admin's: members get 403. */
export const GET = guardedRoute('admin', async () => Response.json(await getSettingsView(await getDatabase())));

/** Changes take effect on the next request: every reader loads settings per request. */
export const PUT = guardedRoute('admin', async (request) => {
  const text = await readSettingsText(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.');
  }
  const patch = parseWith(settingsBody, value);
  return Response.json(await updateSettings(await getDatabase(), patch));
});

export const { POST, PATCH, DELETE } = otherMethods('GET', 'PUT');
