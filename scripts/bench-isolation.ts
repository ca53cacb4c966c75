/**
 * npx tsx scripts/bench-isolation.ts [--chunks 1000] [--samples 40] [--data-dir DIR]
 *
 * Does ingestion leave the server usable? In one process, as under `next start`: the real
 * route handlers and the background worker on PGlite (DATABASE_URL set: PostgreSQL).
 * 1. Idle: latency of GET /api/documents and of POST /api/search (query embedding + hybrid
 *    retrieval: the work chat does before the model's first token).
 * 2. A document of about --chunks chunks is uploaded; while it embeds, the same two requests
 *    are timed again, and a 12 KB file uploaded behind it is timed until `ready`.
 * Prints JSON; docs/benchmarks.md ("Ingestion isolation") quotes it with this command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '40' },
    'data-dir': { type: 'string' },
  },
});
process.env.DATA_DIR = path.resolve(values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'docent-isolation-')));
process.env.MODELS_DIR ??= path.resolve('data/models');
const BASE = 'http://docent.bench';

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const documentsRoute = await import('@/app/api/documents/route');
  const documentRoute = await import('@/app/api/documents/[id]/route');
  const searchRoute = await import('@/app/api/search/route');
  const { getEmbeddingContext, shutdownRuntime } = await import('@/lib/runtime');

  const upload = async (name: string, text: string): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), name);
    const response = await documentsRoute.POST(new Request(`${BASE}/api/documents`, { method: 'POST', body: form }));
    const body = await response.json();
    if (response.status !== 202) throw new Error(`upload of ${name} answered ${response.status}: ${JSON.stringify(body)}`);
    return body.documents[0].id;
  };
  const documentOf = async (id: string) =>
    (await documentRoute.GET(new Request(`${BASE}/api/documents/${id}`), { params: Promise.resolve({ id }) })).json();
  const timed = async (work: () => Promise<Response>) => {
    const started = performance.now();
    const response = await work();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`request answered ${response.status}`);
    return performance.now() - started;
  };
  const list = () => timed(() => documentsRoute.GET(new Request(`${BASE}/api/documents`)));
  const search = (i: number) =>
    timed(() =>
      searchRoute.POST(
        new Request(`${BASE}/api/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `which station recorded the herons ${i}`, k: 5 }),
        }),
      ),
    );
  const sample = async (n: number) => {
    const lists: number[] = [];
    const searches: number[] = [];
    for (let i = 0; i < n; i++) {
      lists.push(await list());
      searches.push(await search(i));
      await sleep(50);
    }
    return { listP50: percentile(lists, 50), listP95: percentile(lists, 95), searchP50: percentile(searches, 50), searchP95: percentile(searches, 95) };
  };
  const waitReady = async (id: string, what: string) => {
    for (;;) {
      const doc = await documentOf(id);
      if (doc.status === 'ready') return;
      if (doc.status === 'failed') throw new Error(`${what} failed: ${doc.error}`);
      await sleep(100);
    }
  };

  await getEmbeddingContext();
  await waitReady(await upload('warm.txt', 'Herons nest at station one. '.repeat(20)), 'the warm-up file');
  const samples = Number(values.samples);
  const idle = await sample(samples);

  // Paragraphs of ~45 tokens; the default chunking packs about four per chunk.
  const paragraphs = Number(values.chunks) * 4;
  const large = Array.from({ length: paragraphs }, (_, i) => `Survey paragraph ${i}: station ${i % 97} logged tides of ${i % 13} feet, winds from the ${['north', 'south', 'east', 'west'][i % 4]}, and ${i % 31} herons feeding.`).join('\n\n');
  const largeId = await upload('survey.txt', large);
  for (;;) {
    const doc = await documentOf(largeId);
    if (doc.status === 'processing' && doc.progress > 0.15) break;
    await sleep(100);
  }
  const note = Array.from({ length: 140 }, (_, i) => `Note line ${i}: the herons returned to the marsh.`).join('\n').slice(0, 12 * 1024);
  const noteStarted = performance.now();
  const noteId = await upload('note.txt', note);
  const noteReady = waitReady(noteId, 'the 12 KB note').then(() => (performance.now() - noteStarted) / 1000);
  const busy = await sample(samples);
  const noteSeconds = await noteReady;
  const largeDoc = await documentOf(largeId);

  const result = {
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    cores: os.availableParallelism(),
    loadAverage: os.loadavg()[0],
    largeChunksTarget: Number(values.chunks),
    largeStillProcessingAfterMeasuring: largeDoc.status === 'processing',
    largeProgressAfterMeasuring: largeDoc.progress,
    idle,
    duringIngestion: busy,
    listP95Ratio: busy.listP95 / idle.listP95,
    searchP95Ratio: busy.searchP95 / idle.searchP95,
    noteReadySeconds: noteSeconds,
  };
  console.log(JSON.stringify(result, null, 2));
  await shutdownRuntime();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
