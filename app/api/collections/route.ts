import { listCollectionViews } from '@/lib/collections';
import { route } from '@/lib/http';
import { getDatabase } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/collections → {"collections":[{"name","documentCount"}]}, by name. */
export const GET = route(async () => Response.json({ collections: await listCollectionViews(await getDatabase()) }));
