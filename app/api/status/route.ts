import { route } from '@/lib/http';
import { getSystemStatus } from '@/lib/status';

export const dynamic = 'force-dynamic';

/** GET /api/status: database kind and size, document and chunk counts, process memory. */
export const GET = route(async () => Response.json(await getSystemStatus()));
