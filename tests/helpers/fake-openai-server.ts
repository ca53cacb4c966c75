import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in OpenAI-compatible server on 127.0.0.1: answers /v1/chat/completions (stream and
 * not) and /v1/embeddings, records every request, and can be told to fail the ways real
 * upstreams do.
 */
export type FakeMode = 'ok' | 'unauthorized' | 'rate_limited' | 'server_error' | 'hang' | 'break_mid_stream';

export interface FakeReply {
  mode: FakeMode;
  /** The answer, streamed word by word. */
  text: string;
  /** Pause before each streamed piece. */
  tokenDelayMs: number;
  /** Pause before the first piece (a slow prefill). */
  firstTokenDelayMs: number;
  retryAfter: string;
  finishReason: 'stop' | 'length';
}

export interface RecordedRequest {
  body: any;
  headers: http.IncomingHttpHeaders;
  /** Pieces of the answer written before the request ended. */
  piecesSent: number;
  /** When the whole answer had been written (undefined if it never was). */
  finishedAt?: number;
  /** True when the client closed the connection before the answer was complete. */
  closedByClient: boolean;
  /** Resolves when the connection is closed, either way. */
  closed: Promise<void>;
}

/**
 * How /v1/embeddings answers. Vectors are hashed bags of words (each word adds to one of `dim`
 * components), so texts sharing words are near each other: enough for search to find things.
 */
export interface FakeEmbeddings {
  /** Length of every vector (for every model name). */
  dim: number;
  /** Pause before each answer (a slow endpoint, so a re-index takes a while). */
  delayMs: number;
  /** When set, only requests with an input containing this text pause; the rest answer at once. */
  slowOn: string | null;
  /** A request with an input containing this text is refused (400, which the SDK does not retry). */
  failOn: string | null;
  /**
   * Transient failures for the next requests, one each, in order: `disconnect` drops the
   * connection unanswered (as a refused or restarting server does), `rate_limited` is a 429
   * with Retry-After, `server_error` a 500. Then requests succeed again.
   */
  failures: ('disconnect' | 'rate_limited' | 'server_error')[];
  /** Retry-After of a `rate_limited` failure, in seconds. */
  retryAfter: string;
}

export interface EmbeddingRequest {
  model: string;
  input: string[];
  /** Date.now() when it arrived. */
  at: number;
  authorization: string | undefined;
  /** How it was answered. */
  outcome: 'ok' | 'disconnect' | 'rate_limited' | 'server_error' | 'refused';
}

export interface FakeOpenAIServer {
  /** Base URL including `/v1`, as OPENAI_BASE_URL takes it. */
  url: string;
  requests: RecordedRequest[];
  embeddingRequests: EmbeddingRequest[];
  /** Sets how the following requests are answered (unset fields keep their defaults). */
  reply(reply: Partial<FakeReply>): void;
  /** Sets how the following embedding requests are answered (unset fields keep their defaults). */
  embeddings(settings: Partial<FakeEmbeddings>): void;
  close(): Promise<void>;
}

const DEFAULT_EMBEDDINGS: FakeEmbeddings = { dim: 32, delayMs: 0, slowOn: null, failOn: null, failures: [], retryAfter: '1' };

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A hashed bag of words; the last component is a constant, so no vector is all zeros. */
export function fakeEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) v[hashWord(word) % (dim - 1)] += 1;
  v[dim - 1] = 0.5;
  return v;
}

const DEFAULT_REPLY: FakeReply = {
  mode: 'ok',
  text: 'Zebras eat clover at dawn [1].',
  tokenDelayMs: 0,
  firstTokenDelayMs: 0,
  retryAfter: '7',
  finishReason: 'stop',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const embeddingRequests: EmbeddingRequest[] = [];
  let reply: FakeReply = { ...DEFAULT_REPLY };
  let embeddings: FakeEmbeddings = { ...DEFAULT_EMBEDDINGS };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST' && req.url === '/v1/embeddings') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const input: string[] = typeof body.input === 'string' ? [body.input] : body.input;
      const record: EmbeddingRequest = { model: body.model, input, at: Date.now(), authorization: req.headers.authorization, outcome: 'ok' };
      embeddingRequests.push(record);
      const { dim, slowOn, failOn } = embeddings;
      const delayMs = slowOn === null || input.some((text) => text.includes(slowOn)) ? embeddings.delayMs : 0;
      const failure = embeddings.failures.shift();
      if (failure) record.outcome = failure;
      if (failure === 'disconnect') return void req.socket.destroy();
      if (failure === 'rate_limited') return sendError(res, 429, 'rate_limit_exceeded', { 'retry-after': embeddings.retryAfter });
      if (failure === 'server_error') return sendError(res, 500, 'server_error');
      await sleep(delayMs);
      if (failOn && input.some((text) => text.includes(failOn))) {
        record.outcome = 'refused';
        return sendError(res, 400, 'invalid_request_error');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        object: 'list',
        model: body.model,
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, dim) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    let markClosed!: () => void;
    const record: RecordedRequest = {
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      headers: req.headers,
      piecesSent: 0,
      closedByClient: false,
      closed: new Promise((resolve) => (markClosed = resolve)),
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.closedByClient = true;
      markClosed();
    });
    await answer(reply, record, res);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    embeddingRequests,
    reply: (r) => (reply = { ...DEFAULT_REPLY, ...r }),
    embeddings: (e) => (embeddings = { ...DEFAULT_EMBEDDINGS, ...e, failures: [...(e.failures ?? [])] }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendError(res: http.ServerResponse, status: number, type: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message: `fake ${type}`, type, code: type } }));
}

async function answer(reply: FakeReply, record: RecordedRequest, res: http.ServerResponse): Promise<void> {
  if (reply.mode === 'unauthorized') return sendError(res, 401, 'invalid_api_key');
  if (reply.mode === 'rate_limited') return sendError(res, 429, 'rate_limit_exceeded', { 'retry-after': reply.retryAfter });
  if (reply.mode === 'server_error') return sendError(res, 500, 'server_error');
  if (reply.mode === 'hang') return; // headers never come; the client has to give up

  const model = record.body.model;
  const base = { id: 'chatcmpl-fake', created: Math.floor(Date.now() / 1000), model };
  if (!record.body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: reply.finishReason }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }));
    record.finishedAt = Date.now();
    return;
  }

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (choice: object) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`);
  send({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null });
  const pieces = reply.text.match(/\S+\s*/g) ?? [];
  await sleep(reply.firstTokenDelayMs);
  for (const [i, piece] of pieces.entries()) {
    if (res.destroyed) return;
    if (i > 0) await sleep(reply.tokenDelayMs);
    if (reply.mode === 'break_mid_stream' && i === 2) {
      res.destroy(); // the connection drops mid-answer
      return;
    }
    send({ index: 0, delta: { content: piece }, finish_reason: null });
    record.piecesSent++;
  }
  if (res.destroyed) return;
  send({ index: 0, delta: {}, finish_reason: reply.finishReason });
  res.end('data: [DONE]\n\n');
  record.finishedAt = Date.now();
}
