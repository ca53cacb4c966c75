import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { getQueueStats } from '@/db/queries/stats';
import { getHealth } from './health';
import { getDatabase } from './runtime';

/**
 * Docent's Prometheus registry. Modules record into it with the small helpers below (one line
 * at each hook); GET /metrics only renders it. Values that live in the database (the queue)
 * or in the model loaders are read at scrape time, so every instance reports the same queue.
 */
interface Metrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpSeconds: Histogram<'route' | 'method'>;
  answersInFlight: Gauge<'provider'>;
  firstTokenSeconds: Histogram<'provider'>;
  tokensPerSecond: Histogram<'provider'>;
  searchSeconds: Histogram<'mode'>;
  chunksEmbedded: Counter;
  queueDepth: Gauge<'status'>;
  oldestQueuedSeconds: Gauge;
  modelReady: Gauge<'kind' | 'model'>;
  dbPool: Gauge<'state'>;
}

function create(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'docent_http_requests_total', help: 'HTTP requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'], registers }),
    httpSeconds: new Histogram({
      name: 'docent_http_request_duration_seconds',
      help: 'Time until the response (its headers, for streams) was ready, by route.',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    answersInFlight: new Gauge({ name: 'docent_answers_in_flight', help: 'Answers being generated now, by provider.', labelNames: ['provider'], registers }),
    firstTokenSeconds: new Histogram({
      name: 'docent_answer_first_token_seconds',
      help: 'From the chat request to the first generated text (model load, retrieval, prefill), by provider.',
      labelNames: ['provider'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
      registers,
    }),
    tokensPerSecond: new Histogram({
      name: 'docent_answer_tokens_per_second',
      help: 'Generation speed after the first token, by provider.',
      labelNames: ['provider'],
      buckets: [1, 2, 5, 10, 20, 40, 80, 160, 320],
      registers,
    }),
    searchSeconds: new Histogram({
      name: 'docent_search_duration_seconds',
      help: 'Retrieval time (query embedding included), by mode.',
      labelNames: ['mode'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    chunksEmbedded: new Counter({ name: 'docent_chunks_embedded_total', help: 'Chunks embedded and stored by this instance; rate() gives chunks per second.', registers }),
    queueDepth: new Gauge({ name: 'docent_ingest_queue_documents', help: 'Documents waiting or being processed (all instances share the queue).', labelNames: ['status'], registers }),
    oldestQueuedSeconds: new Gauge({ name: 'docent_ingest_oldest_queued_seconds', help: 'Age of the oldest queued document; 0 when none waits.', registers }),
    dbPool: new Gauge({
      name: 'docent_db_pool_connections',
      help: 'PostgreSQL pool of this instance: max, total open, idle, and callers waiting for one (absent on PGlite).',
      labelNames: ['state'],
      registers,
    }),
    modelReady: new Gauge({ name: 'docent_model_ready', help: '1 when the model is loaded (or its server answers), 0 while loading or failed.', labelNames: ['kind', 'model'], registers }),
  };
}

// On globalThis: Next.js may load this module once per route bundle, and one registry must
// see every route's requests.
const holder = globalThis as typeof globalThis & { __docentMetrics?: Metrics };
export function metrics(): Metrics {
  holder.__docentMetrics ??= create();
  return holder.__docentMetrics;
}

const DYNAMIC_PARENTS: Record<string, string> = { chats: ':id', documents: ':id', keys: ':id', users: ':id', collections: ':name' };

/** The route pattern of a path (ids replaced), so labels stay few whatever ids clients send. */
export function routeLabel(pathname: string): string {
  const parts = pathname.split('/');
  // ['', 'api', 'chats', '<id>', ...]: the segment after a resource with [id]/[name] routes.
  if (parts[1] === 'api' && parts.length > 3 && DYNAMIC_PARENTS[parts[2]]) parts[3] = DYNAMIC_PARENTS[parts[2]];
  return parts.join('/') || '/';
}

/** Starts timing a request; call the result with the response's status. */
export function observeRequest(request: Request): (status: number) => void {
  const labels = { route: routeLabel(new URL(request.url).pathname), method: request.method };
  const stop = metrics().httpSeconds.startTimer(labels);
  return (status) => {
    stop();
    metrics().httpRequests.inc({ ...labels, status: String(status) });
  };
}

/** Times one search; call the result when the hits are in. */
export function observeSearch(mode: string): () => void {
  const stop = metrics().searchSeconds.startTimer({ mode });
  return () => void stop();
}

export interface AnswerMeter {
  /** Each generated piece; the first sets time to first token. */
  piece(): void;
  /** Once, when the stream ends (any way). */
  end(completionTokens: number): void;
}

/** Counts an answer in flight from now until end(); `startedAt` is when the request began (performance.now()). */
export function meterAnswer(provider: string, startedAt: number): AnswerMeter {
  const m = metrics();
  m.answersInFlight.inc({ provider });
  let firstAt: number | null = null;
  return {
    piece() {
      if (firstAt !== null) return;
      firstAt = performance.now();
      m.firstTokenSeconds.observe({ provider }, (firstAt - startedAt) / 1000);
    },
    end(completionTokens) {
      m.answersInFlight.dec({ provider });
      const seconds = firstAt === null ? 0 : (performance.now() - firstAt) / 1000;
      if (completionTokens > 1 && seconds > 0) m.tokensPerSecond.observe({ provider }, (completionTokens - 1) / seconds);
    },
  };
}

export function countEmbeddedChunks(n: number): void {
  metrics().chunksEmbedded.inc(n);
}

/** Reads the database- and loader-held values, then renders the text format. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const db = await getDatabase();
  const queue = await getQueueStats(db);
  const pool = db.poolStats?.();
  if (pool) for (const [state, value] of Object.entries(pool)) m.dbPool.set({ state }, value);
  m.queueDepth.set({ status: 'queued' }, queue.queued);
  m.queueDepth.set({ status: 'processing' }, queue.processing);
  m.oldestQueuedSeconds.set(queue.oldestQueuedSeconds);
  const health = await getHealth();
  m.modelReady.reset();
  m.modelReady.set({ kind: 'embedder', model: health.embedder.model }, health.embedder.ready ? 1 : 0);
  m.modelReady.set({ kind: 'llm', model: `${health.llm.provider}:${health.llm.model}` }, health.llm.ready ? 1 : 0);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
