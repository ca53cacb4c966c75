/**
 * The pages' Content-Security-Policy, with a fresh nonce per request: Next.js reads the nonce
 * from the request's policy and puts it on its own bootstrap scripts, so no inline script runs
 * without it ('unsafe-inline' is gone). 'strict-dynamic' lets those scripts load the page's
 * chunks. Model output and document text are rendered in the page; if anything ever slipped
 * past the sanitiser, the policy still keeps it from running, loading outside resources
 * (images included: a markdown image to another host is how chat UIs leak data) or being framed.
 */
export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // `next dev` needs eval for fast refresh and React's error overlays; production does not.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // React writes style attributes; styles cannot run code or send data past img-src/connect-src.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** 128 random bits, base64: unguessable, and new for every page request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
