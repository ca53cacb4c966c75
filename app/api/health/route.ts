import { healthResponse } from '@/lib/health';
import { route, otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** 200 with each component's state; 503 database_unavailable when the database cannot be reached. */
export const GET = route(healthResponse);

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
