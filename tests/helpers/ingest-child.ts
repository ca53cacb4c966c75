/**
 * A Docent process for crash tests: recovers like the server does at start, queues the
 * files named on the command line, and ingests until the queue is empty. It prints
 * `processing <id> <progress>` while it works, so a test knows when to kill it. With
 * HOLD_FINAL_WRITE_MS set, every transaction prints `final write open` once its statements ran
 * and waits that long before committing: a kill then lands inside the final write.
 */
import fs from 'node:fs';
import type { Database, Transaction } from '@/db';
import path from 'node:path';
import { addDocuments } from '@/lib/documents/documents';
import { requeueInterruptedJobs, startIngestWorker } from '@/lib/ingest/worker';
import { getDatabase, getEmbeddingContext } from '@/lib/runtime';
import { NO_ACCOUNTS } from '@/lib/auth/viewer';

/** The same database, with a pause between a transaction's last statement and its commit. */
function holdingFinalWrite(db: Database, ms: number): Database {
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) =>
      db.transaction(async (tx) => {
        const result = await fn(tx);
        console.log('final write open');
        await new Promise((resolve) => setTimeout(resolve, ms));
        return result;
      }),
  });
}

async function main() {
  const db = await getDatabase();
  if (db.kind === 'pglite') await requeueInterruptedJobs(db);
  const files = process.argv.slice(2);
  for (const file of files) {
    await addDocuments(db, NO_ACCOUNTS, [{ fileName: path.basename(file), declaredMime: '', content: fs.readFileSync(file) }], 'crash');
  }
  const embedding = await getEmbeddingContext();
  const holdMs = Number(process.env.HOLD_FINAL_WRITE_MS ?? 0);
  const worker = startIngestWorker({ db: async () => (holdMs > 0 ? holdingFinalWrite(db, holdMs) : db), embedding: async () => embedding, pollMs: 50, leaseSeconds: 2, log: () => undefined });
  const timer = setInterval(async () => {
    const { rows } = await db.query<{ id: string; progress: number }>(`SELECT id, progress FROM documents WHERE status = 'processing'`);
    for (const r of rows) console.log(`processing ${r.id} ${r.progress}`);
  }, 50);
  await worker.idle();
  clearInterval(timer);
  await worker.stop();
  await db.close();
  console.log('idle');
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
