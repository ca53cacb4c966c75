import { signInBody } from '@/lib/auth/forms';
import { signInResponse } from '@/lib/auth/session-routes';
import { readJson, route, otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/sign-in {"email","password"} → {"user"} and a new session cookie; 401 on a wrong pair. */
export const POST = route(async (request: Request) => {
  const { email, password } = await readJson(request, signInBody);
  return signInResponse(request, email, password);
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
