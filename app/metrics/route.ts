import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http';
import { renderMetrics } from '@/lib/metrics';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus scrape endpoint: off unless METRICS_TOKEN is set, then only with that bearer token. */
export const GET = route(async (request: Request) => {
  const expected = env().METRICS_TOKEN;
  if (!expected) throw new AppError('not_found', 'Metrics are turned off; set METRICS_TOKEN on the server to enable GET /metrics.', 404);
  const given = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? '';
  if (!sameToken(given, expected)) {
    throw new AppError('unauthorized', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".', 401, { 'www-authenticate': 'Bearer' });
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { 'content-type': contentType } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
