import { refreshSearchStatistics } from '@/db/queries/maintenance';
import type { Database } from '@/db';
import { replaceDocumentChunks, type NewChunk } from '@/db/queries/chunks';
import { getOrCreateCollection } from '@/db/queries/collections';
import { ensureEmbeddingSpace, type EmbeddingSpace } from '@/db/queries/embedding-models';

export interface SearchFixture {
  size: number;
  /** The stored vectors by ordinal, for exact search in JS. */
  vectors: Float32Array[];
  /** chunk id → ordinal (each synthetic chunk's ordinal is its index in `vectors`). */
  ordinalOf: Map<string, number>;
  insertSeconds: number;
  indexSeconds: number;
}

export interface FixtureSource {
  text: () => string;
  vector: () => Float32Array;
}

// About what a few-page document yields. With 1,000 per document the planner saw one `ready`
// document, joined it with a nested loop and skipped the HNSW index, so 10k measured exact search.
const CHUNKS_PER_DOCUMENT = 10;
// PGlite runs in a WASM heap: asking for 1 GB made its 100k-chunk build fail ("could not map
// shared memory segment"). 256 MB holds the graph of 10k 384-d vectors (~2 KB each) many times over.
const PGLITE_BUILD_MEMORY = '256MB';

/**
 * Builds the space's HNSW index once over everything loaded (the index Docent creates, dropped
 * by the caller before a bulk insert so rows are not indexed one by one), then gathers planner
 * statistics and merges the full-text index as autovacuum would. Returns the seconds it took.
 */
export async function buildSearchIndexes(db: Database, space: EmbeddingSpace): Promise<number> {
  const indexStart = performance.now();
  await db.transaction(async (tx) => {
    // An HNSW build that fits in memory is several times faster than one that spills.
    await tx.query(`SET LOCAL maintenance_work_mem = '${db.kind === 'pglite' ? PGLITE_BUILD_MEMORY : '1GB'}'`);
    await ensureEmbeddingSpace(tx, space.name, space.dim);
  });
  // PostgreSQL's autovacuum would gather these statistics; PGlite has no autovacuum, and without
  // them its planner estimates ~1 ready document, joins by nested loop and never uses the index.
  // Autovacuum also merges the full-text index's pending list (GIN fast update), which every
  // keyword search otherwise scans whole; done here on both so the two measure the same index.
  await refreshSearchStatistics(db);
  return (performance.now() - indexStart) / 1000;
}

/** Drops the space's HNSW index before a bulk load (buildSearchIndexes makes it again). */
export async function dropSearchIndex(db: Database, space: EmbeddingSpace): Promise<void> {
  await db.query(`DROP INDEX IF EXISTS chunks_embedding_hnsw_${Math.trunc(space.id)}`);
}

/**
 * Fills `collection` with `size` ready chunks from `source`, through the same insert the
 * pipeline uses (replaceDocumentChunks), then builds the space's HNSW index once over all of
 * them, as a bulk load would (ensureEmbeddingSpace, the index Docent creates, dropped first so
 * the insert does not maintain it row by row). Grows an existing fixture when called again.
 */
export async function fillSearchFixture(
  db: Database,
  space: EmbeddingSpace,
  source: FixtureSource,
  size: number,
  previous?: SearchFixture,
): Promise<SearchFixture> {
  const vectors = previous?.vectors ?? [];
  const ordinalOf = previous?.ordinalOf ?? new Map<string, number>();
  const collectionId = await getOrCreateCollection(db, null, 'bench');
  await dropSearchIndex(db, space);

  const insertStart = performance.now();
  while (vectors.length < size) {
    const count = Math.min(CHUNKS_PER_DOCUMENT, size - vectors.length);
    const { rows: [doc] } = await db.query<{ id: string }>(
      `INSERT INTO documents (collection_id, name, mime_type, bytes, sha256, status, progress, chunk_count)
       VALUES ($1, $2, 'text/plain', 0, $3, 'ready', 1, $4) RETURNING id`,
      [collectionId, `synthetic-${vectors.length}.txt`, `synthetic-${vectors.length}`, count],
    );
    const chunks: NewChunk[] = [];
    for (let i = 0; i < count; i++) {
      const text = source.text();
      const embedding = source.vector();
      chunks.push({ ordinal: vectors.length + i, text, tokenCount: 0, page: null, headingPath: [], embedding });
    }
    await replaceDocumentChunks(db, doc.id, space, chunks);
    chunks.forEach((c) => vectors.push(c.embedding as Float32Array));
  }
  const insertSeconds = (performance.now() - insertStart) / 1000;

  const indexSeconds = await buildSearchIndexes(db, space);

  const { rows } = await db.query<{ id: string; ordinal: number }>(
    `SELECT c.id, c.ordinal FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.collection_id = $1`,
    [collectionId],
  );
  for (const row of rows) ordinalOf.set(row.id, row.ordinal);
  return { size, vectors, ordinalOf, insertSeconds, indexSeconds };
}
