import { guardedRoute } from '@/lib/auth/http';
import { getSystemStatus } from '@/lib/status';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/status (admin): database kind and size, document and chunk counts, process memory. */
export const GET = guardedRoute('admin', async () => Response.json(await getSystemStatus()));

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
