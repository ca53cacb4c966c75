import { getHealth } from '@/lib/health';
import { route, otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = route(async () => Response.json(await getHealth()));

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
