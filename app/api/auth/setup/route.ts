import { credentialsBody } from '@/lib/auth/forms';
import { refuseIfSetUp, setupResponse } from '@/lib/auth/session-routes';
import { readJson, route, otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/setup {"email","password"} → 201 {"user"} and a session: only while no account exists (else 409). */
export const POST = route(async (request: Request) => {
  // Before the body is read or a password hashed: once set up, nobody spends CPU here.
  await refuseIfSetUp();
  const { email, password } = await readJson(request, credentialsBody);
  return setupResponse(request, email, password);
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
