/**
 * npx tsx scripts/bench-keyword-scope.ts [--sizes 10000,100000] [--database postgres|pglite] [--queries 100]
 *
 * What scoping BM25's statistics to the viewer costs (issue 10): the term statistics of a
 * keyword search counted over the chunks the viewer may see (keywordTermStatistics, shipped)
 * against the previous global statistics read from pg_stats (the query as it was, kept here
 * only as the baseline), and the whole keyword search (statistics + ranking). The viewer's chunk
 * count and mean length are cached for a minute; the uncached figure is shown too. Synthetic chunks
 * with SciFact's word frequencies, all visible to the viewer (the no-accounts owner): the worst
 * case for counting. Queries: SciFact test claims.
 */
import { parseArgs } from 'node:util';
import type { Database } from '@/db';
import { type ChunkFilter, keywordTermStatistics, searchChunksByKeyword } from '@/db/queries/chunks';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { keywordStatistics, MATCH_BUDGET, planKeywordQuery } from '@/lib/search/keyword';
import { keywordQuerySql } from '@/lib/search/search';
import { fillSearchFixture, type SearchFixture } from './lib/bench/search-fixture';
import { summarise } from './lib/bench/stats';
import { seededRandom, wordSampler } from './lib/bench/synthetic';
import { SCIFACT_DIR } from './lib/bench/run-bench';
import { loadBeir } from './lib/eval/beir';
import { openScratchDatabase, type DatabaseChoice } from './lib/scratch-database';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    database: { type: 'string', default: 'postgres' },
    queries: { type: 'string', default: '100' },
  },
});

/** The statistics as they were before issue 10: pg_stats frequencies and capped counts over every chunk. */
async function globalStatisticsBaseline(db: Database, query: string, cap: number): Promise<void> {
  await db.query(
    `WITH stats AS (
       SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
       FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'chunks' AND attname = 'tsv'),
     total AS (SELECT CASE WHEN reltuples >= 1 THEN reltuples::float8 ELSE (SELECT count(*) FROM chunks)::float8 END AS n
       FROM pg_class WHERE oid = 'chunks'::regclass),
     lexemes AS (
       SELECT l.lexeme, (SELECT s.freqs[array_position(s.elems, l.lexeme)] FROM stats s) AS freq
       FROM unnest(tsvector_to_array(to_tsvector('english', $1))) l(lexeme))
     SELECT l.lexeme, CASE WHEN l.freq IS NULL THEN (
              SELECT count(*)::int FROM (SELECT 1 FROM chunks c
                WHERE c.tsv @@ ('''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery LIMIT $2) capped)
            END AS count, total.n
     FROM total LEFT JOIN lexemes l ON true`,
    [query, cap],
  );
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function main() {
  const data = loadBeir(SCIFACT_DIR);
  const random = seededRandom(20_251_126);
  const words = wordSampler(data.corpus.map((d) => d.text), random);
  const queries = data.queries.slice(0, Number(values.queries)).map((q) => q.text);
  const scratch = await openScratchDatabase(values.database as DatabaseChoice, 'kwscope');
  try {
    const space = await ensureEmbeddingSpace(scratch.db, 'bench-dummy', 3);
    let fixture: SearchFixture | undefined;
    for (const size of values.sizes.split(',').map(Number)) {
      fixture = await fillSearchFixture(scratch.db, space, { text: () => words(150), vector: () => new Float32Array([random(), random(), random()]) }, size, fixture);
      const filter: ChunkFilter = { space, viewerId: null, collectionId: null, limit: 40 };
      for (const q of queries.slice(0, 5)) await keywordTermStatistics(scratch.db, q, filter, MATCH_BUDGET); // warm up (and an uncached summary)
      const uncached: number[] = [];
      for (const q of queries.slice(0, 20)) uncached.push(await time(() => keywordTermStatistics(scratch.db, q, filter, MATCH_BUDGET)));
      const global: number[] = [];
      const scoped: number[] = [];
      const search: number[] = [];
      for (const q of queries) {
        global.push(await time(() => globalStatisticsBaseline(scratch.db, q, MATCH_BUDGET)));
        scoped.push(await time(() => keywordStatistics(scratch.db, q, filter)));
        search.push(
          await time(async () => {
            const plan = planKeywordQuery(await keywordStatistics(scratch.db, q, filter));
            if (plan.match) await searchChunksByKeyword(scratch.db, plan.match, keywordQuerySql(q), filter, plan.scoring);
          }),
        );
      }
      const row = (name: string, xs: number[]) => {
        const s = summarise(xs);
        return `${name} p50 ${s.p50.toFixed(1)} / p95 ${s.p95.toFixed(1)} ms`;
      };
      console.log(`${scratch.label} ${size} chunks, ${queries.length} claims: ${row('global stats (before)', global)}; ${row('scoped stats', scoped)}; ${row('keyword search, scoped', search)}; ${row('scoped stats with N and mean length uncached (once a minute per viewer)', uncached)}`);
    }
  } finally {
    await scratch.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
