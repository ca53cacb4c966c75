import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db';
import { keywordTermStatistics, replaceDocumentChunks, searchChunksByKeyword, type ChunkFilter } from '@/db/queries/chunks';
import { getOrCreateCollection } from '@/db/queries/collections';
import { ensureEmbeddingSpace, type EmbeddingSpace } from '@/db/queries/embedding-models';
import { bm25Idf, lexemeTsquery, planKeywordQuery } from './keyword';
import { keywordQuerySql } from './search';

describe('planKeywordQuery', () => {
  const stats = {
    chunks: 10_000,
    terms: [
      { lexeme: 'cell', df: 6000 },
      { lexeme: 'ccl19', df: 3 },
      { lexeme: 'absent', df: 400 },
      { lexeme: 'dlns', df: 0 },
    ],
    avgLength: 80,
  };

  it('matches on the rarest lexemes within the budget and scores every lexeme found', () => {
    const plan = planKeywordQuery(stats, 1000);
    expect(plan.match).toBe(`'ccl19' | 'absent'`);
    expect(plan.scoring.lexemes).toEqual([`'cell'`, `'ccl19'`, `'absent'`]);
    expect(plan.scoring.idf[1]).toBeGreaterThan(plan.scoring.idf[2]);
    expect(plan.scoring.idf[2]).toBeGreaterThan(plan.scoring.idf[0]);
    expect(plan.scoring.avgLength).toBe(80);
  });

  it('always matches on the rarest lexeme, even past the budget', () => {
    expect(planKeywordQuery({ ...stats, terms: [{ lexeme: 'cell', df: 6000 }] }, 1000).match).toBe(`'cell'`);
  });

  it('has nothing to match when no lexeme occurs in the corpus', () => {
    expect(planKeywordQuery({ chunks: 10, terms: [{ lexeme: 'zebra', df: 0 }], avgLength: null }).match).toBe('');
  });

  it('weights by inverse document frequency, never below zero', () => {
    expect(bm25Idf(1, 1000)).toBeCloseTo(Math.log(1 + 999.5 / 1.5), 10);
    expect(bm25Idf(1000, 1000)).toBeGreaterThan(0);
  });

  it('quotes lexemes as one-term tsqueries', () => {
    expect(lexemeTsquery('-19')).toBe(`'-19'`);
    expect(lexemeTsquery(`o'neil\\`)).toBe(`'o''neil\\\\'`);
  });
});

describe('keyword search SQL (PGlite)', () => {
  let db: Database;
  let space: EmbeddingSpace;
  let filter: ChunkFilter;
  const texts = [
    'Cells divide. Cells grow. Cells die in the culture of the cells.',
    'The chemokine CCL19 is absent within draining lymph nodes of mice.',
    'Cells in lymph nodes respond to the chemokine.',
    'Patients were treated with vitamin D and cells were counted.',
    "It's a stemmed study of studies: covid-19 and o'neil.",
  ];

  beforeAll(async () => {
    db = await openDatabase({});
    space = await ensureEmbeddingSpace(db, 'test-dummy', 3);
    const collectionId = await getOrCreateCollection(db, null, 'k');
    for (const [i, text] of texts.entries()) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO documents (collection_id, name, mime_type, bytes, sha256, status, chunk_count)
         VALUES ($1, $2, 'text/plain', 0, $2, 'ready', 1) RETURNING id`,
        [collectionId, `doc-${i}`],
      );
      await replaceDocumentChunks(db, rows[0].id, space, [{ ordinal: 0, text, tokenCount: 0, page: null, headingPath: [], embedding: [1, 0, 0] }]);
    }
    filter = { space, viewerId: null, collectionId: null, limit: 10 };
  });
  afterAll(() => db.close());

  it('reads one occurrence as 0.1 from ts_rank_cd on a one-lexeme query (the tf BM25 uses)', async () => {
    const { rows } = await db.query<{ r: number }>(`SELECT ts_rank_cd(to_tsvector('english', 'cell cells cell x'), 'cell')::float8 AS r`);
    expect(rows[0].r).toBeCloseTo(0.3, 6);
  });

  it('counts document frequencies, the same before and after ANALYZE', async () => {
    const before = await keywordTermStatistics(db, 'Cells and the CCL19 chemokine', filter, 1000);
    expect(before.chunks).toBe(5);
    expect(Object.fromEntries(before.terms.map((t) => [t.lexeme, t.df]))).toEqual({ cell: 3, ccl19: 1, chemokin: 2 });

    await db.exec('ANALYZE chunks');
    const after = await keywordTermStatistics(db, 'Cells and the CCL19 chemokine', filter, 1000);
    expect(after.chunks).toBe(5);
    expect(Object.fromEntries(after.terms.map((t) => [t.lexeme, t.df]))).toEqual({ cell: 3, ccl19: 1, chemokin: 2 });
  });

  it('samples the mean chunk length', async () => {
    const avg = (await keywordTermStatistics(db, 'cells', filter, 1000)).avgLength;
    expect(avg).toBeGreaterThan(4);
    expect(avg).toBeLessThan(12);
  });

  it('stops counting at the cap, and estimates from a sample past it', async () => {
    const stats = await keywordTermStatistics(db, 'cells', filter, 2);
    expect(stats.terms[0].df).toBe(3); // "cell" is in 3 of the 5 sampled chunks
    const sparse = await keywordTermStatistics(db, 'cells', filter, 2, 1);
    expect(sparse.terms[0].df).toBeGreaterThanOrEqual(2);
  });

  it('has no terms for a query of stop words, and survives quotes and backslashes', async () => {
    expect((await keywordTermStatistics(db, 'the and of', filter, 100)).terms).toEqual([]);
    const odd = await keywordTermStatistics(db, `o'neil \\ covid-19 studies`, filter, 100);
    expect(odd.terms.map((t) => t.lexeme).sort()).toEqual(['-19', 'covid', 'neil', 'o', 'studi']);
    expect(odd.terms.every((t) => t.df === 1)).toBe(true);
  });

  it('ranks the chunk with the rare term first although another holds the common one four times', async () => {
    const query = 'Cells and CCL19 chemokine';
    const plan = planKeywordQuery(await keywordTermStatistics(db, query, filter, 1000), 1000);
    const hits = await searchChunksByKeyword(db, plan.match, keywordQuerySql(query), filter, plan.scoring);
    expect(hits[0].text).toContain('CCL19');
    expect(hits.map((h) => h.text)).toContain(texts[0]);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
  });

  it('with a tight budget, matches only on the rarest lexeme', async () => {
    const query = 'Cells and CCL19 chemokine';
    const plan = planKeywordQuery(await keywordTermStatistics(db, query, filter, 1000), 1);
    expect(plan.match).toBe(`'ccl19'`);
    const hits = await searchChunksByKeyword(db, plan.match, keywordQuerySql(query), filter, plan.scoring);
    expect(hits).toHaveLength(1);
  });

  it('takes websearch syntax as written and still ranks by BM25', async () => {
    const query = '"lymph nodes" -mice';
    const plan = planKeywordQuery(await keywordTermStatistics(db, query, filter, 1000));
    const hits = await searchChunksByKeyword(db, query, keywordQuerySql(query), filter, plan.scoring);
    expect(hits.map((h) => h.text)).toEqual([texts[2]]);
    expect(hits[0].score).toBeGreaterThan(0);
  });
});
