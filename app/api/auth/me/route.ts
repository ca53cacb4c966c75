import { guardedRoute } from '@/lib/auth/http';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/auth/me → who the credentials belong to. */
export const GET = guardedRoute('member', async (_request, viewer) =>
  Response.json({ user: viewer.userId ? { id: viewer.userId, email: viewer.email, role: viewer.role } : null, via: viewer.via }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
