import { describe, expect, it } from 'vitest';
import * as metricsRoute from '@/app/metrics/route';
import { resetEnvCache } from '@/lib/env';
import * as api from '../helpers/api-client';
import { ask, setupChatTestbed } from '../helpers/chat-testbed';

const TOKEN = 'metrics-token-for-tests-0042';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format's sample lines: `name{a="x",b="y"} value`. */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

function sample(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function scrape(authorization?: string) {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return metricsRoute.GET(new Request('http://docent.test/metrics', { headers }));
}

function setToken(token: string | undefined) {
  if (token) process.env.METRICS_TOKEN = token;
  else delete process.env.METRICS_TOKEN;
  resetEnvCache();
}

/** GET /metrics over a real database, after real uploads, searches and a streamed answer. */
export function defineMetricsSuite(kind: 'pglite' | 'postgres', baseUrl?: string) {
  const bed = setupChatTestbed(kind, baseUrl);

  describe(`GET /metrics on ${kind}`, () => {
    it('is off (404) without METRICS_TOKEN and refuses a missing or wrong token (401)', async () => {
      setToken(undefined);
      const off = await scrape(`Bearer ${TOKEN}`);
      expect(off.status).toBe(404);
      expect((await off.json()).error.message).toMatch(/METRICS_TOKEN/);
      setToken(TOKEN);
      for (const auth of [undefined, 'Bearer not-the-token', TOKEN]) {
        const res = await scrape(auth);
        expect(res.status).toBe(401);
        expect((await res.json()).error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/Bearer/) });
      }
    });

    it('reports requests by route, search and answer timings, the queue and model state', async () => {
      setToken(TOKEN);
      expect((await api.search({ query: 'zebras clover', mode: 'keyword' })).status).toBe(200);
      expect((await api.getDocument('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const stream = await bed.client.chat.completions.create({ ...ask('What do zebras eat?'), model: 'fake-model', stream: true } as any);
      for await (const _ of stream as unknown as AsyncIterable<unknown>) void _;

      const res = await scrape(`Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const samples = parseSamples(await res.text());

      // Uploads in the testbed's setup, by route pattern; ids never become labels.
      expect(sample(samples, 'docent_http_requests_total', { route: '/api/documents', method: 'POST', status: '202' })).toBeGreaterThanOrEqual(2);
      expect(sample(samples, 'docent_http_requests_total', { route: '/api/documents/:id', method: 'GET', status: '404' })).toBeGreaterThanOrEqual(1);
      expect(samples.some((s) => s.labels.route?.includes('00000000'))).toBe(false);
      expect(sample(samples, 'docent_http_request_duration_seconds_count', { route: '/v1/chat/completions', method: 'POST' })).toBeGreaterThanOrEqual(1);
      expect(sample(samples, 'docent_search_duration_seconds_count', { mode: 'keyword' })).toBeGreaterThanOrEqual(1);
      expect(sample(samples, 'docent_answer_first_token_seconds_count', { provider: 'openai' })).toBeGreaterThanOrEqual(1);
      expect(sample(samples, 'docent_answer_tokens_per_second_count', { provider: 'openai' })).toBeGreaterThanOrEqual(1);
      expect(sample(samples, 'docent_answers_in_flight', { provider: 'openai' })).toBe(0);
      expect(sample(samples, 'docent_chunks_embedded_total')).toBeGreaterThanOrEqual(2);
      expect(sample(samples, 'docent_ingest_queue_documents', { status: 'queued' })).toBe(0);
      expect(sample(samples, 'docent_ingest_oldest_queued_seconds')).toBe(0);
      expect(sample(samples, 'docent_model_ready', { kind: 'llm', model: 'openai:fake-model' })).toBe(1);
      expect(sample(samples, 'docent_model_ready', { kind: 'embedder' })).toBeDefined();
      if (kind === 'postgres') {
        expect(sample(samples, 'docent_db_pool_connections', { state: 'max' })).toBe(10);
        expect(sample(samples, 'docent_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      } else {
        expect(sample(samples, 'docent_db_pool_connections', { state: 'max' })).toBeUndefined();
      }
      setToken(undefined);
    });
  });
}
