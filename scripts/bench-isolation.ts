/**
 * npx tsx scripts/bench-isolation.ts [--chunks 1000] [--samples 40] [--data-dir DIR] [--large txt|docx] [--docx-file FILE]
 *
 * Does ingestion leave the server usable? In one process, as under `next start`: the real
 * route handlers and the background worker on PGlite (DATABASE_URL set: PostgreSQL).
 * 1. Idle: latency of GET /api/documents, of POST /api/search (query embedding + hybrid
 *    retrieval), and of chat itself: POST /v1/chat/completions, streamed, against a fake
 *    OpenAI-compatible model that answers at once, timed from the request to the first content
 *    byte (Docent's own overhead before the first token).
 * 2. A document of about --chunks chunks is uploaded; while it embeds, the same requests
 *    are timed again, and a 12 KB file uploaded behind it is timed until `ready`.
 *    `--large docx` uploads a Word document instead (--docx-file, default the 872-page
 *    handbook of shared/datasets, else one built with `docx`) and starts timing at once, so
 *    the parse itself (mammoth, in the parse worker) is measured, not only the embedding.
 * Prints JSON; docs/benchmarks.md ("Ingestion isolation") quotes it with this command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { largeDocx } from '@/lib/ingest/parse/large-docx';
import { startFakeOpenAIServer } from '@/tests/helpers/fake-openai-server';
import { SseParser } from './lib/loadtest/sse';

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '40' },
    'data-dir': { type: 'string' },
    large: { type: 'string', default: 'txt' },
    'docx-file': { type: 'string', default: path.resolve('../shared/datasets/docs/docx/handbook-872p.docx') },
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
  // Chat goes to a fake OpenAI-compatible model answering at once: what is timed is Docent's part.
  const fake = await startFakeOpenAIServer();
  fake.reply({ text: 'The herons were logged at station one [1].', tokenDelayMs: 0, firstTokenDelayMs: 0 });
  Object.assign(process.env, {
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'sk-bench',
    LLM_MODEL: 'fake-model',
    RATE_LIMIT_CHATS_PER_MINUTE: '1000000',
    RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
  });
  const chatRoute = await import('@/app/v1/chat/completions/route');
  const documentsRoute = await import('@/app/api/documents/route');
  const documentRoute = await import('@/app/api/documents/[id]/route');
  const searchRoute = await import('@/app/api/search/route');
  const { getEmbeddingContext, shutdownRuntime } = await import('@/lib/runtime');

  const runCollection = `bench-${Date.now().toString(36)}`;
  const upload = async (name: string, content: string | Uint8Array<ArrayBuffer>, type = 'text/plain'): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    // A collection of its own per run: an upload identical to a stored document in the same
    // collection is answered with that (ready) document, so a reused DATABASE_URL timed nothing.
    form.append('collection', runCollection);
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
  // Request sent → first streamed content byte; the rest of the stream is read and dropped.
  const chat = async (i: number) => {
    const started = performance.now();
    const response = await chatRoute.POST(
      new Request(`${BASE}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: `Which station recorded the herons ${i}?` }], stream: true }),
      }),
    );
    if (response.status !== 200 || !response.body) throw new Error(`chat answered ${response.status}: ${await response.text()}`);
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let firstContent: number | null = null;
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      for (const event of parser.push(decoder.decode(bytes, { stream: true }))) {
        if (firstContent === null && event.kind === 'data' && event.data !== '[DONE]' && JSON.parse(event.data).choices?.[0]?.delta?.content) {
          firstContent = performance.now() - started;
        }
      }
    }
    if (firstContent === null) throw new Error('chat streamed no content');
    return firstContent;
  };
  const sample = async (n: number) => {
    const lists: number[] = [];
    const searches: number[] = [];
    const chats: number[] = [];
    // The server thread's longest stall while sampling: a parse or chunking on it shows here
    // even when it falls between the timed requests.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    for (let i = 0; i < n; i++) {
      lists.push(await list());
      searches.push(await search(i));
      chats.push(await chat(i));
      await sleep(50);
    }
    stalls.disable();
    return {
      eventLoopDelayMaxMs: stalls.max / 1e6,
      eventLoopDelayP99Ms: stalls.percentile(99) / 1e6,
      listMax: Math.max(...lists),
      chatFirstTokenMax: Math.max(...chats),
      listP50: percentile(lists, 50),
      listP95: percentile(lists, 95),
      searchP50: percentile(searches, 50),
      searchP95: percentile(searches, 95),
      chatFirstTokenP50: percentile(chats, 50),
      chatFirstTokenP95: percentile(chats, 95),
    };
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

  const docx = values.large === 'docx';
  let largeId: string;
  if (docx) {
    const file = values['docx-file'];
    const bytes = new Uint8Array(fs.existsSync(file) ? fs.readFileSync(file) : await largeDocx(Number(values.chunks) / 2));
    largeId = await upload('large.docx', bytes, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // Timing starts at once: the parse (mammoth) and chunking are what this variant measures.
    while ((await documentOf(largeId)).status === 'queued') await sleep(20);
  } else {
    // Paragraphs of ~23 tokens; the default chunking (256 tokens, 32 overlap) packs about nine
    // per chunk (four per chunk, assumed before, gave 437 chunks for --chunks 1000).
    const paragraphs = Math.round(Number(values.chunks) * 9.2);
    const large = Array.from({ length: paragraphs }, (_, i) => `Survey paragraph ${i}: station ${i % 97} logged tides of ${i % 13} feet, winds from the ${['north', 'south', 'east', 'west'][i % 4]}, and ${i % 31} herons feeding.`).join('\n\n');
    largeId = await upload('survey.txt', large);
    for (;;) {
      const doc = await documentOf(largeId);
      if (doc.status === 'processing' && doc.progress > 0.15) break;
      await sleep(100);
    }
  }
  const note = Array.from({ length: 140 }, (_, i) => `Note line ${i}: the herons returned to the marsh.`).join('\n').slice(0, 12 * 1024);
  const noteStarted = performance.now();
  const noteId = await upload('note.txt', note);
  const noteReady = waitReady(noteId, 'the 12 KB note').then(() => (performance.now() - noteStarted) / 1000);
  const busy = await sample(samples);
  const noteSeconds = await noteReady;
  const largeDoc = await documentOf(largeId);
  const largeAtEnd = await (async () => {
    for (;;) {
      const doc = await documentOf(largeId);
      if (doc.status === 'ready' || doc.status === 'failed') return doc;
      await sleep(500);
    }
  })();

  const result = {
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    cores: os.availableParallelism(),
    loadAverage: os.loadavg()[0],
    large: docx ? `docx (${fs.existsSync(values['docx-file']) ? path.basename(values['docx-file']) : 'built'})` : 'txt',
    largeChunksTarget: docx ? null : Number(values.chunks),
    largeChunks: largeAtEnd.chunkCount ?? null,
    largeStatus: largeAtEnd.status,
    largeStillProcessingAfterMeasuring: largeDoc.status === 'processing',
    largeProgressAfterMeasuring: largeDoc.progress,
    idle,
    duringIngestion: busy,
    listP95Ratio: busy.listP95 / idle.listP95,
    searchP95Ratio: busy.searchP95 / idle.searchP95,
    chatFirstTokenP50Ratio: busy.chatFirstTokenP50 / idle.chatFirstTokenP50,
    chatFirstTokenP95Ratio: busy.chatFirstTokenP95 / idle.chatFirstTokenP95,
    noteReadySeconds: noteSeconds,
  };
  console.log(JSON.stringify(result, null, 2));
  await shutdownRuntime();
  await fake.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
