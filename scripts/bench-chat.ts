/**
 * npx tsx scripts/bench-chat.ts [--docs 5183] [--queries 50] [--reps 5] [--max-tokens 128]
 *                               [--model FILE] [--data-dir DIR]
 *
 * 1. Server time before the first token — query embedding, retrieval and prompt building, the
 *    work Docent does between "model ready" and "model starts" — over SciFact test queries with
 *    (a subset of) the SciFact corpus ingested through the real pipeline.
 * 2. Local generation speed through Docent's provider ÷ node-llama-cpp called directly, same
 *    model, same prompt, same run, greedy decoding (so both produce the same tokens).
 * The ingested corpus stays in --data-dir (default .cache/bench-chat) so later runs skip ingestion.
 */
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatHistoryItem } from 'node-llama-cpp';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { ingestScifact, loadScifact, scifactSubset } from './lib/scifact';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '5183' },
    queries: { type: 'string', default: '50' },
    reps: { type: 'string', default: '5' },
    'max-tokens': { type: 'string', default: '128' },
    model: { type: 'string', default: TEST_LLM_FILE },
    'data-dir': { type: 'string', default: '.cache/bench-chat' },
    // Also time node-llama-cpp with its default thread count (every core); very slow on a busy machine.
    'default-threads': { type: 'boolean', default: false },
  },
});
const docCount = Number(values.docs);
const queryCount = Number(values.queries);
const reps = Number(values.reps);
const maxTokens = Number(values['max-tokens']);

process.env.DATA_DIR = path.resolve(values['data-dir']!);
// The models stay where `npm run models:fetch` put them, not under the bench's own data directory.
process.env.MODELS_DIR ??= path.resolve('data/models');
process.env.LLM_PROVIDER = 'local';
process.env.LLM_MODEL = values.model;
delete process.env.DATABASE_URL;

const { getDatabase, getEmbeddingContext, shutdownRuntime } = await import('@/lib/runtime');
const { loadSettings } = await import('@/lib/settings');
const { searchChunks } = await import('@/lib/search/search');
const { buildPrompt } = await import('@/lib/chat/prompt');
const { getChatModel } = await import('@/lib/chat/providers');
const { llamaThreads, LOCAL_CONTEXT_SIZE } = await import('@/lib/chat/providers/local');
const { describeLocalModel } = await import('@/lib/chat/providers/local-model-file');
const { env } = await import('@/lib/env');

const COLLECTION = 'bench-scifact';
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs: number[]) => percentile(xs, 50);

async function main() {
  const db = await getDatabase();
  const embedding = await getEmbeddingContext();
  const all = loadScifact(path.resolve('../shared/datasets/retrieval/scifact'));
  const subset = scifactSubset(all, docCount, queryCount);
  const started = Date.now();
  await ingestScifact(db, embedding, subset.docs, COLLECTION, (done, total) => {
    if (done % 500 === 0 || done === total) console.error(`ingest: ${done}/${total} documents (${Math.round((Date.now() - started) / 1000)} s)`);
  });
  // What the worker does once its queue empties (autovacuum on PostgreSQL); see db/queries/maintenance.ts.
  await refreshSearchStatistics(db);
  const { rows } = await db.query<{ docs: number; chunks: number }>(
    `SELECT count(DISTINCT d.id)::int AS docs, count(c.id)::int AS chunks
     FROM documents d JOIN collections col ON col.id = d.collection_id LEFT JOIN chunks c ON c.document_id = d.id
     WHERE col.name = $1 AND d.status = 'ready'`,
    [COLLECTION],
  );
  const settings = await loadSettings(db);
  const model = await getChatModel(settings);

  // 1. Before the first token: what startAnswer does once the model is ready.
  const firstTokenMs: number[] = [];
  const parts = { settings: [] as number[], retrieval: [] as number[], prompt: [] as number[] };
  const queries = subset.queries.slice(0, queryCount);
  for (const [i, q] of [...queries.slice(0, 3), ...queries].entries()) {
    const t0 = performance.now();
    const s = await loadSettings(db);
    const t1 = performance.now();
    const chunks = await searchChunks(db, await getEmbeddingContext(), s, { query: q.text, k: s.topK, mode: s.retrievalMode, viewerId: null, collection: COLLECTION });
    const t2 = performance.now();
    await buildPrompt({
      systemPrompt: s.systemPrompt,
      conversation: [{ role: 'user', content: q.text }],
      chunks,
      contextSize: model.contextSize,
      maxTokens: s.maxTokens,
      countTokens: (text) => model.countTokens(text),
    });
    const t3 = performance.now();
    if (i < 3) continue; // warm-up
    firstTokenMs.push(t3 - t0);
    parts.settings.push(t1 - t0);
    parts.retrieval.push(t2 - t1);
    parts.prompt.push(t3 - t2);
  }

  // 2. Generation: Docent's provider vs node-llama-cpp directly, same prompt.
  const sample = queries[0];
  // An essay request keeps a small model talking until max tokens, so the rate is measured on enough tokens.
  const prompt = await buildPrompt({
    systemPrompt: settings.systemPrompt,
    conversation: [{ role: 'user', content: `${sample.text} Write a long essay about the sources, summarising each of them in turn, then list open questions.` }],
    chunks: await searchChunks(db, embedding, settings, { query: sample.text, k: settings.topK, mode: settings.retrievalMode, viewerId: null, collection: COLLECTION }),
    contextSize: model.contextSize,
    maxTokens,
    countTokens: (text) => model.countTokens(text),
  });
  const { getLlama, LlamaChat } = await import('node-llama-cpp');
  const llama = await getLlama();
  const modelPath = describeLocalModel(values.model!, env().MODELS_DIR).path!;
  const direct = await llama.loadModel({ modelPath });
  const contextSize = Math.min(LOCAL_CONTEXT_SIZE, direct.trainContextSize);
  const directChat = (threads?: number) =>
    direct.createContext({ contextSize, sequences: 1, ...(threads ? { threads } : {}) }).then((c) => new LlamaChat({ contextSequence: c.getSequence() }));
  const sameOptions = await directChat(llamaThreads(llama));
  const defaults = values['default-threads'] ? await directChat() : null;
  const history: ChatHistoryItem[] = [
    ...prompt.messages.map((m): ChatHistoryItem =>
      m.role === 'assistant' ? { type: 'model', response: [m.content] } : m.role === 'system' ? { type: 'system', text: m.content } : { type: 'user', text: m.content },
    ),
    { type: 'model', response: [] },
  ];

  type Run = { tokens: number; totalMs: number; decodeTps: number; text: string };
  async function viaDocent(): Promise<Run> {
    const t0 = performance.now();
    let first = 0;
    let text = '';
    const stream = await model.stream(prompt.messages, { temperature: 0, maxTokens }, new AbortController().signal);
    for await (const piece of stream) {
      first ||= performance.now();
      text += piece;
    }
    const end = performance.now();
    const tokens = model.countTokens(text) as number;
    return { tokens, totalMs: end - t0, decodeTps: ((tokens - 1) * 1000) / (end - first), text };
  }
  async function viaDirect(chat: InstanceType<typeof LlamaChat>): Promise<Run> {
    const t0 = performance.now();
    let first = 0;
    let tokens = 0;
    const res = await chat.generateResponse(history, {
      maxTokens,
      temperature: 0,
      onToken: (t) => {
        first ||= performance.now();
        tokens += t.length;
      },
    });
    const end = performance.now();
    return { tokens, totalMs: end - t0, decodeTps: ((tokens - 1) * 1000) / (end - first), text: res.response };
  }
  const runs = { docent: [] as Run[], direct: [] as Run[], defaults: [] as Run[] };
  await viaDocent(); // warm-up: evaluates the prompt once in each sequence
  await viaDirect(sameOptions);
  for (let r = 0; r < reps; r++) {
    runs.docent.push(await viaDocent());
    runs.direct.push(await viaDirect(sameOptions));
    if (defaults) runs.defaults.push(await viaDirect(defaults));
  }
  const tps = (rs: Run[]) => median(rs.map((r) => r.decodeTps));
  const e2e = (rs: Run[]) => median(rs.map((r) => (r.tokens * 1000) / r.totalMs));
  const result = {
    corpus: { docs: rows[0].docs, chunks: rows[0].chunks, requestedDocs: subset.docs.length },
    beforeFirstToken: {
      queries: firstTokenMs.length,
      p50Ms: +median(firstTokenMs).toFixed(1),
      p95Ms: +percentile(firstTokenMs, 95).toFixed(1),
      retrievalP50Ms: +median(parts.retrieval).toFixed(1),
      promptP50Ms: +median(parts.prompt).toFixed(1),
      settingsP50Ms: +median(parts.settings).toFixed(1),
    },
    generation: {
      model: model.id,
      promptTokens: prompt.promptTokens,
      maxTokens,
      tokens: runs.direct[0].tokens,
      sameText: runs.docent.every((r, i) => r.text === runs.direct[i].text),
      threads: llamaThreads(llama),
      docentTps: +tps(runs.docent).toFixed(1),
      directTps: +tps(runs.direct).toFixed(1),
      ratio: +(tps(runs.docent) / tps(runs.direct)).toFixed(3),
      docentEndToEndTps: +e2e(runs.docent).toFixed(1),
      directEndToEndTps: +e2e(runs.direct).toFixed(1),
      ratioEndToEnd: +(e2e(runs.docent) / e2e(runs.direct)).toFixed(3),
      directDefaultThreadsTps: defaults ? +tps(runs.defaults).toFixed(1) : null,
    },
  };

  const g = result.generation;
  if (!g.sameText) console.error(`texts differ:\n  docent: ${JSON.stringify(runs.docent[0].text)}\n  direct: ${JSON.stringify(runs.direct[0].text)}`);
  const b = result.beforeFirstToken;
  console.log(`\nCorpus: ${result.corpus.docs} SciFact abstracts, ${result.corpus.chunks} chunks (PGlite, ${embedding.embedder.model})`);
  console.log(`\n| before first token (${b.queries} queries) | p50 ms | p95 ms |\n|---|---|---|`);
  console.log(`| settings + embed + hybrid search + prompt | ${b.p50Ms} | ${b.p95Ms} |`);
  console.log(`| of which retrieval (embed + search), p50 | ${b.retrievalP50Ms} | |`);
  console.log(`| of which prompt building, p50 | ${b.promptP50Ms} | |`);
  console.log(`\n| generation, ${g.model}, ${g.promptTokens}-token prompt, ${g.tokens} tokens, median of ${reps} | decode tok/s | end-to-end tok/s |\n|---|---|---|`);
  console.log(`| Docent provider (${g.threads} thread) | ${g.docentTps} | ${g.docentEndToEndTps} |`);
  console.log(`| node-llama-cpp direct, same context options | ${g.directTps} | ${g.directEndToEndTps} |`);
  console.log(`| ratio (goal ≥ 0.95) | ${g.ratio} | ${g.ratioEndToEnd} |`);
  if (defaults) console.log(`| node-llama-cpp direct, default threads (${llama.cpuMathCores}) | ${g.directDefaultThreadsTps} | |`);
  console.log(`\n${JSON.stringify(result)}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await shutdownRuntime();
    process.exit();
  });
