/**
 * npx tsx scripts/eval-followup.ts [--limit n] [--k n]
 * Follow-up questions on the two-turn HotpotQA set: recall@k of the supporting passages for
 * the question asked standalone, the follow-up as asked, and the follow-up made standalone
 * (lib/search/rewrite-query). Fresh in-memory PGlite, the configured embedder.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from '@/lib/embeddings';
import { describeError } from '@/lib/errors';
import { loadSettings } from '@/lib/settings';
import { runFollowup } from './lib/followup/run-followup';
import { buildTwoTurnSet } from './lib/followup/two-turn';
import { openScratchDatabase } from './lib/scratch-database';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { limit: { type: 'string' }, k: { type: 'string' } } });
  const data = buildTwoTurnSet(path.resolve('../shared/datasets/qa/hotpotqa-sample'), values.limit ? Number(values.limit) : undefined);
  const { db, dispose } = await openScratchDatabase('pglite', 'followup');
  try {
    const embedder = await getEmbedder();
    const embedding = { embedder, space: await ensureEmbeddingSpace(db, embedder.model, embedder.dim) };
    const report = await runFollowup(db, embedding, await loadSettings(db), data, {
      k: values.k ? Number(values.k) : 6,
      log: (line) => console.error(`[followup] ${line}`),
    });
    console.log(JSON.stringify({ embedder: embedder.model, ...report }, null, 2));
    return 0;
  } finally {
    await dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`eval-followup: ${describeError(err)}`);
    process.exit(1);
  },
);
