import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { DATASETS_DIR, makeTempDir, TEST_MODELS_DIR } from '@/tests/helpers/test-env';
import { loadBeir, sliceBeir } from './beir';
import { runEval } from './run-eval';

// A handful of SciFact: the relevant abstracts of six test claims among a few distractors,
// through the real pipeline (addDocuments → ingestDocument) and searchChunks on PGlite.
describe('runEval on a SciFact sample', () => {
  beforeAll(() => {
    process.env.MODELS_DIR = TEST_MODELS_DIR;
    process.env.ALLOW_MODEL_DOWNLOADS = 'false';
    delete process.env.EMBEDDING_MODEL;
    resetEnvCache();
  });

  it('finds the relevant abstracts in every mode', async () => {
    const data = sliceBeir(loadBeir(path.join(DATASETS_DIR, 'retrieval/scifact')), { queryCount: 6, docCount: 16 });
    const report = await runEval({ data, modes: ['hybrid', 'vector', 'keyword'], profile: 'docent', k: 10, database: 'pglite' });

    expect(report).toMatchObject({ dataset: 'scifact', documents: 16, queries: 6, failed: [] });
    expect(report.chunks).toBeGreaterThanOrEqual(16);
    for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
      const scores = report.modes[mode]!;
      expect(Object.keys(scores).sort()).toEqual(['mrr@10', 'msPerQuery', 'ndcg@10', 'recall@10', 'recall@100', 'shortQueries']);
      expect(scores['ndcg@10'], mode).toBeGreaterThan(0.5);
      expect(scores['ndcg@10'], mode).toBeLessThanOrEqual(1);
      expect(scores['recall@100'], mode).toBeGreaterThanOrEqual(scores['recall@10']);
    }
    expect(Object.keys(report.chunkRecall.hybrid!)).toEqual(['1', '3', '6', '10', '20']);
    expect(report.chunkRecall.hybrid!['20']).toBeGreaterThanOrEqual(report.chunkRecall.hybrid!['1']);
    // Dense retrieval ranks every chunk, so with 16 documents all relevant ones are within 100.
    expect(report.modes.vector!['recall@100']).toBe(1);
  });

  it('at chat depth ranks only the chunks a chat would get, and sweeps efSearch', async () => {
    // Claim 36 has two relevant abstracts: one chunk per query cannot hold both.
    const data = sliceBeir(loadBeir(path.join(DATASETS_DIR, 'retrieval/scifact')), { queryCount: 6, docCount: 16 });
    const report = await runEval({ data, modes: ['hybrid', 'vector'], profile: 'docent', k: 10, database: 'pglite', chatDepth: 1, efSearch: [400, 40] });

    expect(report.chatDepth).toBe(1);
    expect(report.settings.efSearch).toBe(400);
    expect(report.modes.vector!['recall@100']).toBeLessThan(1);
    expect(report.modes.vector!['recall@100']).toBe(report.modes.vector!['recall@10']);
    expect(Object.keys(report.efSweep!).sort()).toEqual(['40', '400']);
    expect(Object.keys(report.efSweep!['40']).sort()).toEqual(['hybrid', 'vector']);
  });

  it('resumes an ingestion into --data-dir that was interrupted, processing only what was left', async () => {
    const data = sliceBeir(loadBeir(path.join(DATASETS_DIR, 'retrieval/scifact')), { queryCount: 3, docCount: 10 });
    const dataDir = path.join(makeTempDir(), 'kept');
    const first = await runEval({ data, modes: ['vector'], profile: 'docent', k: 10, database: 'pglite', dataDir });

    // Make it what a run killed mid-way leaves: four documents never processed, one held by the
    // dead run (its lease still valid), and a partial record instead of the finished one.
    const db = await openDatabase({ dataDir });
    const { rows } = await db.query<{ id: string }>('SELECT id FROM documents ORDER BY created_at DESC, id LIMIT 5');
    const ids = rows.map((r) => r.id);
    await db.query('DELETE FROM chunks WHERE document_id = ANY($1::uuid[])', [ids]);
    await db.query(`UPDATE documents SET status = 'queued', chunk_count = 0 WHERE id = ANY($1::uuid[])`, [ids]);
    await db.query(`UPDATE documents SET status = 'processing', lease_expires_at = now() + interval '1 hour' WHERE id = $1`, [ids[0]]);
    await db.close();
    const kept = JSON.parse(fs.readFileSync(path.join(dataDir, 'eval-ingestion.json'), 'utf8'));
    fs.writeFileSync(path.join(dataDir, 'eval-ingestion.partial.json'), JSON.stringify({ meta: kept.meta, seconds: 12 }));
    fs.rmSync(path.join(dataDir, 'eval-ingestion.json'));

    const lines: string[] = [];
    const resumed = await runEval({ data, modes: ['vector'], profile: 'docent', k: 10, database: 'pglite', dataDir, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.startsWith('resuming the interrupted ingestion'))).toBe(true);
    expect(lines.find((l) => l.startsWith('ingested '))).toContain('; 5 documents processed by this run');
    expect(resumed.chunks).toBe(first.chunks);
    expect(resumed.failed).toEqual([]);
    expect(resumed.ingestSeconds).toBeGreaterThan(12);
    expect(resumed.modes.vector!['ndcg@10']).toBeCloseTo(first.modes.vector!['ndcg@10'], 6);
    expect(fs.existsSync(path.join(dataDir, 'eval-ingestion.json'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'eval-ingestion.partial.json'))).toBe(false);
  });
});
