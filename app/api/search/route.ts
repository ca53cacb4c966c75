import { guardedRoute } from '@/lib/auth/http';
import { readJson, otherMethods } from '@/lib/http';
import { getDatabase, getEmbeddingContext } from '@/lib/runtime';
import { searchChunks } from '@/lib/search/search';
import { loadSettings } from '@/lib/settings';
import { searchBody } from './schema';

export const dynamic = 'force-dynamic';

export const POST = guardedRoute('member', async (request, viewer) => {
  const body = await readJson(request, searchBody);
  const db = await getDatabase();
  const settings = await loadSettings(db);
  const results = await searchChunks(db, await getEmbeddingContext(), settings, {
    query: body.query,
    k: body.k ?? settings.topK,
    mode: body.mode ?? settings.retrievalMode,
    viewerId: viewer.userId,
    collection: body.collection,
  });
  return Response.json({
    results: results.map(({ chunkId, documentId, documentName, text, score, page }) => ({
      chunkId, documentId, documentName, text, score, page,
    })),
  });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
