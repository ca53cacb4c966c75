import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { AppError } from '../errors';
import { getEmbedder } from './index';
import { approximateTokenizer, loadOpenAIEmbedder } from './openai';

/** A tiny OpenAI-compatible server: deterministic, unnormalised 8-dim vectors, answered out of order. */
const requests: { model: string; input: string[]; auth: string | undefined }[] = [];
let server: http.Server;
let baseURL: string;

function vectorFor(text: string, dim: number): number[] {
  return Array.from({ length: dim }, (_, i) => ((text.charCodeAt(i % Math.max(text.length, 1)) || 7) % 13) + i);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const { model, input } = JSON.parse(body) as { model: string; input: string[] };
      requests.push({ model, input, auth: req.headers.authorization });
      if (req.headers.authorization === 'Bearer wrong-key') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
        return;
      }
      const dim = model === 'text-embedding-3-small' ? 1536 : 8;
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text, dim) })).reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests.length = 0;
});

describe('the OpenAI-compatible embedder', () => {
  it('learns the dimension of an unknown model from a first request', async () => {
    const embedder = await loadOpenAIEmbedder('openai:nomic-embed-text', { baseURL, apiKey: 'sk-test' });
    expect(embedder.model).toBe('openai:nomic-embed-text');
    expect(embedder.dim).toBe(8);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ model: 'nomic-embed-text', auth: 'Bearer sk-test' });
  });

  it('knows the dimension of OpenAI models without asking', async () => {
    const embedder = await loadOpenAIEmbedder('openai:text-embedding-3-small', { baseURL, apiKey: 'sk-test' });
    expect(embedder.dim).toBe(1536);
    expect(embedder.maxTokens).toBe(8191);
    expect(requests).toHaveLength(0);
    const v = await embedder.embedQuery('hello');
    expect(v).toHaveLength(1536);
  });

  it('batches, keeps input order, and normalises', async () => {
    const embedder = await loadOpenAIEmbedder('openai:nomic-embed-text', { baseURL, apiKey: 'sk-test', batchSize: 2 });
    requests.length = 0;
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const vectors = await embedder.embedDocuments(texts);
    expect(requests.map((r) => r.input)).toEqual([['alpha', 'beta'], ['gamma', 'delta'], ['epsilon']]);
    for (const [i, text] of texts.entries()) {
      const raw = vectorFor(text, 8);
      const length = Math.hypot(...raw);
      expect(Array.from(vectors[i])).toEqual(raw.map((x) => Math.fround(x / length)));
    }
  });

  it('works against a local server without an API key', async () => {
    const embedder = await loadOpenAIEmbedder('openai:nomic-embed-text', { baseURL });
    expect(embedder.dim).toBe(8);
  });

  it('turns a rejected key into a 503 that says what to check', async () => {
    const error = await loadOpenAIEmbedder('openai:nomic-embed-text', { baseURL, apiKey: 'wrong-key' }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'embedder_unavailable', status: 503 });
    expect(error.message).toContain('OPENAI_API_KEY');
  });

  it('says what to set when neither a key nor a base URL is configured', async () => {
    const error = await loadOpenAIEmbedder('openai:text-embedding-3-small', { apiKey: '', baseURL: '' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'embedder_not_configured', status: 503 });
  });
});

describe('getEmbedder with EMBEDDING_MODEL=openai:<model>', () => {
  it('uses the configured endpoint, and retries a load that failed', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    try {
      process.env.OPENAI_BASE_URL = baseURL;
      process.env.OPENAI_API_KEY = 'wrong-key';
      resetEnvCache();
      await expect(getEmbedder('openai:nomic-embed-text')).rejects.toMatchObject({ code: 'embedder_unavailable' });
      process.env.OPENAI_API_KEY = 'sk-test';
      resetEnvCache();
      const embedder = await getEmbedder('openai:nomic-embed-text');
      expect(embedder.dim).toBe(8);
      expect(await getEmbedder('openai:nomic-embed-text')).toBe(embedder);
    } finally {
      for (const [name, value] of [['OPENAI_API_KEY', saved.key], ['OPENAI_BASE_URL', saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      resetEnvCache();
    }
  });
});

describe('the approximate tokenizer', () => {
  it('counts about one token per four characters of a word, and one per punctuation mark', () => {
    expect(approximateTokenizer.count('Hello, world!')).toBe(6);
    expect(approximateTokenizer.count('')).toBe(0);
    expect(approximateTokenizer.encode('the the')).toEqual([approximateTokenizer.encode('the')[0], approximateTokenizer.encode('the')[0]]);
  });
});
