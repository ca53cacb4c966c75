import { signOutResponse } from '@/lib/auth/session-routes';
import { route, otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** POST /api/auth/sign-out → 204: the session ends in the database and the cookie is cleared. */
export const POST = route(async (request: Request) => signOutResponse(request));

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
