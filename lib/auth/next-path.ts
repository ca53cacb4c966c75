// Any origin would do: it only has to be one no attacker-chosen `next` can name.
const APP_ORIGIN = 'http://docent.invalid';

/**
 * The path to go to after sign-in: only a path on Docent's own origin, never another host.
 * `next` is parsed the way the browser will resolve it, so tricks a prefix check misses —
 * `//host`, `/\host`, or a tab or newline the URL parser drops (`/%09/host`) — resolve to
 * another origin and fall back to `/`, as does a path that normalises to `//host`. The result is re-serialised (percent-encoded), so no
 * control character reaches the Location header.
 */
export function safeNextPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, APP_ORIGIN);
  } catch {
    return '/';
  }
  // Dot segments can collapse to `//host` (`/.//host`), which a browser reads as another host.
  if (url.origin !== APP_ORIGIN || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
