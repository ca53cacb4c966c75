import { noSuchRoute } from '@/lib/http';

// The most general route: reached only when no other route matches the path, which would
// otherwise get Next's HTML 404 page.
export const GET = noSuchRoute;
export const POST = noSuchRoute;
export const PUT = noSuchRoute;
export const PATCH = noSuchRoute;
export const DELETE = noSuchRoute;
