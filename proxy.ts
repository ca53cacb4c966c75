import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/security/content-security-policy';

/**
 * Pages get a Content-Security-Policy with a per-request nonce (see the policy's module). Next.js
 * finds the nonce in the request's Content-Security-Policy header while rendering.
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce());
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    // Pages only. API routes are excluded: Next.js buffers request bodies that pass through a
    // proxy, which would defeat the streaming upload limits, and JSON needs no script policy.
    {
      source: '/((?!api/|v1/|metrics|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
