import { env } from '../env';
import { getDatabase } from '../runtime';
import { route } from '../http';
import { authenticate, requireAdmin } from './authenticate';
import type { NewSession } from './accounts';
import { type Credentials, type Viewer, SESSION_COOKIE } from './viewer';

/** The session token from a Cookie header. */
export function sessionTokenFrom(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}

export function credentialsOf(request: Request): Credentials {
  return {
    authorization: request.headers.get('authorization'),
    sessionToken: sessionTokenFrom(request.headers.get('cookie')),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Secure on HTTPS (directly or behind a proxy) and on loopback, where browsers accept it over
 * plain HTTP. On a LAN address over plain HTTP a Secure cookie would never be sent back, so
 * sign-in would silently fail; there the cookie stays HttpOnly + SameSite, and docs/deploy.md
 * says to put TLS in front. COOKIE_SECURE overrides the guess (e.g. behind a proxy that sends
 * no X-Forwarded-Proto).
 */
function secureCookie(request: Request): boolean {
  const forced = env().COOKIE_SECURE;
  if (forced !== undefined) return forced;
  const url = new URL(request.url);
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return proto === 'https' || url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}

export function sessionCookie(request: Request, session: NewSession | null): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (secureCookie(request)) attributes.push('Secure');
  if (!session) return [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; ');
  const maxAge = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
  return [`${SESSION_COOKIE}=${session.token}`, `Max-Age=${maxAge}`, ...attributes].join('; ');
}

type Access = 'member' | 'admin';

/**
 * A route handler that runs only for a viewer with the given access; the viewer is passed
 * in, so every handler works on behalf of someone and the SQL below it can scope by them.
 */
export function guardedRoute<C>(
  access: Access,
  handler: (request: Request, viewer: Viewer, context: C) => Promise<Response>,
) {
  // Next.js passes a context (route params) only to dynamic routes.
  return route(async (request: Request, context?: C) => {
    const viewer = await authenticate(await getDatabase(), credentialsOf(request));
    if (access === 'admin') requireAdmin(viewer);
    return handler(request, viewer, context as C);
  });
}
