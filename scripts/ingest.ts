/**
 * npm run ingest -- <file-or-folder>... [--collection NAME]
 * Ingests files from the shell with Docent's own pipeline, showing progress, then prints a
 * summary: ingested, duplicates, failed with reasons.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { getDocumentById } from '@/db/queries/documents';
import { addDocuments, validateCollectionName } from '@/lib/documents/documents';
import { describeError } from '@/lib/errors';
import { startIngestWorker } from '@/lib/ingest/worker';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { collectFiles } from './lib/collect-files';
import { installOwner } from '@/lib/auth/authenticate';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { collection: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || positionals.length === 0) {
  console.log('Usage: npm run ingest -- <file-or-folder>... [--collection NAME]');
  process.exit(positionals.length === 0 && !values.help ? 2 : 0);
}

async function main(): Promise<number> {
  const collection = validateCollectionName(values.collection);
  const { files, skipped } = collectFiles(positionals);
  if (files.length === 0) {
    console.error('No supported files found (PDF, DOCX, HTML, Markdown, text, CSV).');
    return 1;
  }
  const db = await getDatabase();
  const owner = await installOwner(db); // the CLI files documents as the install's owner
  const embedding = await getEmbeddingContext(); // fail early with a clear message if the model is missing
  console.log(`Ingesting ${files.length} file(s) into "${collection}" with ${embedding.embedder.model} on ${db.kind}`);

  const failed: { file: string; reason: string }[] = skipped.map((file) => ({ file, reason: 'unsupported file type, skipped' }));
  let duplicates = 0;
  const queued: { file: string; id: string }[] = [];
  for (const file of files) {
    try {
      const [doc] = await addDocuments(db, owner, [{ fileName: path.basename(file), declaredMime: '', content: fs.readFileSync(file) }], collection);
      if (doc.duplicate) duplicates++;
      else queued.push({ file, id: doc.id });
    } catch (err) {
      failed.push({ file, reason: describeError(err) });
    }
  }

  // The worker's log lines stay off the progress bars; a failure's logged cause is shown with it.
  const logged = new Map<string, string>();
  const log = (line: string) => {
    const [, id, rest] = /^document (\S+) (.*)$/.exec(line) ?? [];
    if (id) logged.set(id, rest);
  };
  const worker = startIngestWorker({ db: async () => db, embedding: async () => embedding, pollMs: 100, log });
  const bars = new cliProgress.MultiBar(
    { format: ' {bar} {percentage}% | {value}/{total} | {name}', hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  const overall = bars.create(queued.length, 0, { name: 'documents' });
  const current = bars.create(100, 0, { name: '' });
  let chunks = 0;
  let ingested = 0;
  for (const { file, id } of queued) {
    current.update(0, { name: path.basename(file) });
    for (;;) {
      const row = await getDocumentById(db, id);
      if (!row) break;
      current.update(Math.round(row.progress * 100));
      if (row.status === 'ready') {
        ingested++;
        chunks += row.chunkCount;
        break;
      }
      if (row.status === 'failed') {
        const cause = logged.get(id);
        failed.push({ file, reason: `${row.error ?? 'unknown error'}${cause && !cause.endsWith(row.error ?? '') ? `\n      logged: ${cause}` : ''}` });
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    overall.increment();
  }
  bars.stop();
  await worker.stop();

  console.log(`\nIngested ${ingested} document(s), ${chunks} chunks; ${duplicates} duplicate(s); ${failed.length} failed or skipped.`);
  for (const f of failed) console.log(`  ✗ ${f.file}: ${f.reason}`);
  return failed.some((f) => !f.reason.endsWith('skipped')) ? 1 : 0;
}

main()
  .catch((err) => {
    console.error(`ingest: ${describeError(err)}`);
    return 1;
  })
  .then(async (code) => {
    await shutdownRuntime();
    process.exit(code);
  });
