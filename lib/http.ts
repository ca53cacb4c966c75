import type { z } from 'zod';
import { CLOSE_CONNECTION, hasRequestBody, readCappedText } from './body-limit';
import { databaseUnavailable, isDatabaseUnavailable } from './db-availability';
import { beginWork, refuseWhileDraining } from './drain';
import { AppError, badRequest, describeError, isAppError } from './errors';
import { log, requestIdOf, withRequestId } from './log';
import { observeRequest } from './metrics';

/** Every error leaves Docent as the contract's `{"error":{"code","message"}}`. */
export function errorResponse(err: unknown): Response {
  if (!isAppError(err) && isDatabaseUnavailable(err)) {
    console.error('[api] database unavailable:', describeError(err));
    err = databaseUnavailable();
  }
  if (isAppError(err)) {
    return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status, headers: err.headers });
  }
  // Internal details (SQL, stack traces) are logged, never shown.
  log.error('api', `internal error: ${describeError(err)}`);
  return Response.json(
    { error: { code: 'internal_error', message: 'Something went wrong on the server; try again, and check the server log if it persists.' } },
    { status: 500 },
  );
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cross-site writes. Browsers send Origin on every cross-origin POST/PUT/DELETE
 * (and `Origin: null` from sandboxed or file pages); it must name this server's own host.
 * Requests without Origin (curl, SDKs, server-to-server) carry no ambient browser
 * credentials, so they are not a CSRF vector and pass.
 */
export function checkOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  if (origin === null && fetchSite !== 'cross-site') return;
  const hosts = [request.headers.get('x-forwarded-host'), request.headers.get('host'), new URL(request.url).host]
    .filter((h): h is string => Boolean(h))
    .flatMap((h) => h.split(',').map((part) => part.trim().toLowerCase()));
  let originHost: string | null = null;
  try {
    originHost = origin && origin !== 'null' ? new URL(origin).host.toLowerCase() : null;
  } catch {
    originHost = null;
  }
  if (!originHost || !hosts.includes(originHost)) {
    throw new AppError('cross_origin', 'Cross-site requests may not change data; use Docent from its own pages or an API client.', 403);
  }
}

/**
 * Wraps a route handler so that every thrown error is answered in the contract's shape, and
 * the request counts as in-flight work for a graceful shutdown (new ones are refused then),
 * is counted in /metrics by route, and runs under its request id (lib/log.ts).
 */
export function route<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  async function handle(request: Request | undefined, args: A): Promise<Response> {
    const done = beginWork();
    const observed = request && observeRequest(request);
    let response: Response | undefined;
    try {
      refuseWhileDraining();
      if (request) checkOrigin(request);
      return (response = await handler(...args));
    } catch (err) {
      response = errorResponse(err);
      // A refusal may come before the body was read (auth, size, rate limit); the unread rest
      // would otherwise be taken as the next request on a keep-alive connection.
      if (request && hasRequestBody(request)) response.headers.set('Connection', CLOSE_CONNECTION.Connection);
      return response;
    } finally {
      observed?.(response?.status ?? 500);
      done();
    }
  }
  return async (...args: A): Promise<Response> => {
    const request = args[0] instanceof Request ? args[0] : undefined;
    return withRequestId(request && requestIdOf(request), () => handle(request, args));
  };
}

export function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest('invalid_request', `Invalid request: ${zodMessage(result.error)}.`);
  return result.data;
}

const MAX_JSON_BYTES = 1024 * 1024;

/** Reads and validates a JSON body; malformed or oversized bodies are a 400/413, never a crash. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await readCappedText(request, MAX_JSON_BYTES, 'The JSON body is over 1 MB; send less.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.');
  }
  return parseWith(schema, value);
}

const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

function methodNotAllowed(method: string, allow: string): Response {
  return Response.json(
    { error: { code: 'method_not_allowed', message: `${method} is not supported here; use ${allow}.` } },
    { status: 405, headers: { Allow: allow } },
  );
}

/**
 * Handlers for the methods a route does not serve. Next answers those with an empty 405; a route
 * exports these instead (`export const { PUT, DELETE } = otherMethods('GET', 'POST')`) so that
 * the caller gets the contract's JSON error and an `Allow` header naming what works.
 */
export function otherMethods(...allowed: RouteMethod[]): Record<RouteMethod, (request: Request) => Response> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const handler = (request: Request) => methodNotAllowed(request.method, allow);
  return Object.fromEntries(ROUTE_METHODS.map((m) => [m, handler])) as Record<RouteMethod, (request: Request) => Response>;
}

/** For paths no route serves (the `[...path]` catch-alls under /api and /v1). */
export function noSuchRoute(request: Request): Response {
  const { pathname } = new URL(request.url);
  return Response.json(
    { error: { code: 'not_found', message: `There is no API route at ${pathname}; docs/api.md lists the routes.` } },
    { status: 404 },
  );
}
