/**
 * TEST_DATABASE_URL=… npx tsx scripts/bench-access.ts [postgres|pglite] [chunks=10000]
 *
 * What the sharing rule costs in the vector search: the same HNSW query with the scope before
 * issue 10 (collection readable) and after it (collection readable, or uploaded by the viewer),
 * interleaved over 100 synthetic queries, for the collection's owner and for a person who can
 * see none of it (the iterative scan then walks the whole index). Prints p50/p95 and the plan.
 */
import { toSql } from 'pgvector';
import { collectionVisibleTo } from '@/db/queries/collections';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import type { Database } from '@/db';
import { fillSearchFixture } from './lib/bench/search-fixture';
import { summarise } from './lib/bench/stats';
import { normalise, seededRandom, vectorNear } from './lib/bench/synthetic';
import { openScratchDatabase } from './lib/scratch-database';

const DIM = 384;
const QUERIES = 100;
const WARM_UP = 10;

const searchSql = (spaceId: number, scope: string) => `WITH hits AS MATERIALIZED (
    SELECT c.id, c.embedding::vector(${DIM}) <=> $1::vector(${DIM}) AS distance
    FROM chunks c JOIN documents d ON d.id = c.document_id
    WHERE c.embedding_model_id = ${spaceId} AND d.status = 'ready' AND ${scope}
    ORDER BY c.embedding::vector(${DIM}) <=> $1::vector(${DIM}) LIMIT $2)
  SELECT id FROM hits ORDER BY distance, id`;

/** The settings searchChunks uses for its vector query (see lib/search/search.ts). */
async function timed<T>(db: Database, run: (q: Database['query']) => Promise<T>): Promise<{ ms: number; value: T }> {
  return db.transaction(async (tx) => {
    for (const set of ['hnsw.ef_search = 400', 'hnsw.iterative_scan = relaxed_order', 'enable_sort = off', 'jit = off']) await tx.query(`SET LOCAL ${set}`);
    const start = performance.now();
    const value = await run(tx.query.bind(tx));
    return { ms: performance.now() - start, value };
  });
}

async function main() {
  const kind = (process.argv[2] ?? 'postgres') as 'postgres' | 'pglite';
  const size = Number(process.argv[3] ?? 10_000);
  const { db, dispose } = await openScratchDatabase(kind, 'bench');
  try {
    const random = seededRandom(7);
    const centres = Array.from({ length: 300 }, () => normalise(Float32Array.from({ length: DIM }, () => random() - 0.5)));
    const space = await ensureEmbeddingSpace(db, 'Xenova/all-MiniLM-L6-v2', DIM);
    await fillSearchFixture(db, space, { text: () => 'synthetic text', vector: () => vectorNear(centres, 0.05, random) }, size);
    const user = async (email: string) =>
      (await db.query<{ id: string }>(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'member') RETURNING id`, [email])).rows[0].id;
    const owner = await user('owner@bench.test');
    const stranger = await user('stranger@bench.test');
    await db.query('UPDATE collections SET owner_id = $1', [owner]);
    await db.query('UPDATE documents SET uploaded_by = $1', [owner]);
    await db.query('ANALYZE');

    const before = `d.collection_id IN (SELECT col.id FROM collections col WHERE ${collectionVisibleTo('col', '$3')})`;
    const scopes = { before, after: `(${before} OR d.uploaded_by = $3::uuid)` };
    const queries = Array.from({ length: QUERIES + WARM_UP }, () => toSql(Array.from(vectorNear(centres, 0.05, random))));
    for (const [label, viewer] of [['owner', owner], ['stranger', stranger]] as const) {
      const samples: Record<keyof typeof scopes, number[]> = { before: [], after: [] };
      for (const [i, vector] of queries.entries()) {
        const order = (i % 2 ? ['before', 'after'] : ['after', 'before']) as (keyof typeof scopes)[];
        for (const name of order) {
          const { ms } = await timed(db, (query) => query(searchSql(space.id, scopes[name]), [vector, 18, viewer]));
          if (i >= WARM_UP) samples[name].push(ms);
        }
      }
      const line = (name: keyof typeof scopes) => {
        const s = summarise(samples[name]);
        return `${name} p50 ${s.p50.toFixed(1)} p95 ${s.p95.toFixed(1)} ms`;
      };
      console.log(`${kind}, ${size} chunks, viewer = ${label}: ${line('before')} | ${line('after')}`);
    }
    const plan = await timed(db, (query) => query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${searchSql(space.id, scopes.after)}`, [queries[0], 18, owner]));
    console.log(plan.value.rows.map((r) => r['QUERY PLAN'].replace(/'\[[^\]]*\]'/, "'[…]'")).join('\n'));
  } finally {
    await dispose();
  }
}

void main();
