import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '@/db';
import { getOrCreateCollection } from '@/db/queries/collections';
import { ensureEmbeddingSpace, type EmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder, resetEmbedders } from '@/lib/embeddings';
import type { Embedder } from '@/lib/embeddings/types';
import { resetEnvCache } from '@/lib/env';
import { searchChunks, type SearchExplain } from '@/lib/search/search';
import { settingsSchema } from '@/lib/settings';
import { configureTestEnv, createScratchPostgres, makeTempDir } from '../helpers/test-env';

const url = process.env.TEST_DATABASE_URL;
const QUERY = 'How do zebras keep cool in the savanna?';
// More than pgvector's hnsw.max_scan_tuples (20,000): the iterative scan gives up before this many.
const BIG = 22_000;
// Enough that search uses the index for the distant collection too (a scope under 1,000 chunks is scanned exactly).
const FAR = 1_200;

/**
 * A collection whose chunks all lie far from the query, in a table where 22,000 other chunks lie
 * near it: the HNSW scan, filtered to that collection, stops before it reaches them. Search must
 * still return them (filtered exact search), and never anything from outside the collection.
 * A tiny collection is scanned exactly from the start.
 */
describe.skipIf(!url)('vector search filtered to a small, distant collection (PostgreSQL)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let db: Database;
  let space: EmbeddingSpace;
  let embedder: Embedder;

  beforeAll(async () => {
    configureTestEnv({ dataDir: makeTempDir() });
    resetEnvCache();
    resetEmbedders();
    scratch = await createScratchPostgres(url!);
    db = await openDatabase({ url: scratch.url });
    embedder = await getEmbedder('Xenova/all-MiniLM-L6-v2');
    space = await ensureEmbeddingSpace(db, embedder.model, embedder.dim);
    const query = Array.from(await embedder.embedQuery(QUERY));
    const big = await getOrCreateCollection(db, null, 'big');
    const small = await getOrCreateCollection(db, null, 'small');
    await db.query(`DROP INDEX chunks_embedding_hnsw_${space.id}`);
    // Near chunks: the query's own vector plus a little noise, 1,000 per document.
    await db.query(
      `WITH docs AS (
         INSERT INTO documents (collection_id, name, mime_type, bytes, sha256, status, progress, chunk_count)
         SELECT $1, 'near-' || g || '.txt', 'text/plain', 0, 'near-' || g, 'ready', 1, 1000 FROM generate_series(1, $3) g
         RETURNING id)
       INSERT INTO chunks (document_id, embedding_model_id, ordinal, text, token_count, embedding)
       SELECT docs.id, $4, o, 'near', 1,
              (SELECT array_agg(x + (random() - 0.5) * 0.05 ORDER BY i) FROM unnest($2::real[]) WITH ORDINALITY AS t(x, i))::vector
       FROM docs, generate_series(1, 1000) o`,
      [big, query, BIG / 1000, space.id],
    );
    // Far chunks: the opposite direction, a little noise each.
    const far = (collection: string, name: string, count: number) =>
      db.query(
        `WITH doc AS (
           INSERT INTO documents (collection_id, name, mime_type, bytes, sha256, status, progress, chunk_count)
           VALUES ($1, $4, 'text/plain', 0, $4, 'ready', 1, $5) RETURNING id)
         INSERT INTO chunks (document_id, embedding_model_id, ordinal, text, token_count, embedding)
         SELECT doc.id, $3, o, $4 || ' ' || o, 1,
                (SELECT array_agg(-x + (random() - 0.5) * 0.05 ORDER BY i) FROM unnest($2::real[]) WITH ORDINALITY AS t(x, i))::vector
         FROM doc, generate_series(1, $5) o`,
        [collection, query, space.id, name, count],
      );
    await far(small, 'far', FAR);
    await far(await getOrCreateCollection(db, null, 'tiny'), 'tiny', 3);
    await ensureEmbeddingSpace(db, embedder.model, embedder.dim); // builds the HNSW index over all of them
    await db.exec('ANALYZE documents; ANALYZE chunks;');
  }, 600_000);

  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  const search = (collection: string | undefined, explain: SearchExplain = {}) =>
    searchChunks(db, { embedder, space }, settingsSchema.parse({}), { query: QUERY, k: 5, mode: 'vector', viewerId: null, collection, explain });

  it('returns chunks of the collection, and only those, where the index gives up', async () => {
    const explain: SearchExplain = {};
    const results = await search('small', explain);
    expect(explain.vectorScan).toBe('index');
    expect(results).toHaveLength(5);
    expect(results.every((r) => /^far \d+$/.test(r.text))).toBe(true);
  }, 120_000);

  it('scans a tiny collection exactly, and the whole table through the index', async () => {
    const tiny: SearchExplain = {};
    expect((await search('tiny', tiny)).map((r) => r.text).sort()).toEqual(['tiny 1', 'tiny 2', 'tiny 3']);
    expect(tiny.vectorScan).toBe('exact');
    const all: SearchExplain = {};
    expect((await search(undefined, all)).every((r) => r.text === 'near')).toBe(true);
    expect(all.vectorScan).toBe('index');
  }, 120_000);
});
