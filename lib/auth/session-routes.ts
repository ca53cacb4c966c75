import { deleteSession } from '@/db/queries/credentials';
import { getDatabase } from '../runtime';
import { conflict } from '../errors';
import { ALREADY_SET_UP, type NewSession, setUpFirstAdmin, signIn, type UserView } from './accounts';
import { accountsExist } from './authenticate';
import { credentialsOf, sessionCookie } from './http';
import { enforceRateLimit } from './rate-limit';
import { hashToken } from './tokens';

/** The bodies of the sign-in, setup and sign-out routes: a session cookie set or cleared. */

function withSession(request: Request, user: UserView, session: NewSession, status = 200): Response {
  return Response.json({ user }, { status, headers: { 'Set-Cookie': sessionCookie(request, session), 'Cache-Control': 'no-store' } });
}

/** Ends the session the request came with (if any), so signing in always starts a new one. */
async function endPresentedSession(request: Request): Promise<void> {
  const token = credentialsOf(request).sessionToken;
  if (token) await deleteSession(await getDatabase(), hashToken(token));
}

export async function signInResponse(request: Request, email: string, password: string): Promise<Response> {
  const db = await getDatabase();
  await enforceRateLimit(db, 'sign_in', `email:${email}`);
  const { user, session } = await signIn(db, email, password);
  await endPresentedSession(request);
  return withSession(request, user, session);
}

/** Setup answers 409 at once once an account exists (the transaction re-checks under a lock). */
export async function refuseIfSetUp(): Promise<void> {
  if (await accountsExist(await getDatabase())) throw conflict('already_set_up', ALREADY_SET_UP);
}

export async function setupResponse(request: Request, email: string, password: string): Promise<Response> {
  const { user, session } = await setUpFirstAdmin(await getDatabase(), email, password);
  return withSession(request, user, session, 201);
}

export async function signOutResponse(request: Request): Promise<Response> {
  await endPresentedSession(request);
  return new Response(null, { status: 204, headers: { 'Set-Cookie': sessionCookie(request, null) } });
}
