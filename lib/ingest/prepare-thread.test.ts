import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { loadTokenizer } from '../embeddings/tokenizer-load';
import type { Tokenizer } from '../embeddings/types';
import { largeDocx } from './parse/large-docx';
import { failure } from './parse/test-helpers';
import { prepareContent, type PrepareOptions } from './prepare';
import { keepParseWorkers, parseWorkersStarted, prepareInWorker } from './prepare-thread';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const OPTIONS: PrepareOptions = { chunkTokens: 256, chunkOverlap: 32, maxTokens: 254, documentName: 'survey.docx' };

let tokenizer: Tokenizer;
let big: Uint8Array;
let server: http.Server;
let url: string;

beforeAll(async () => {
  // The embedder's real tokenizer: the worker must rebuild exactly this one from its spec.
  tokenizer = await loadTokenizer({ kind: 'transformers', modelsDir: path.resolve(env().MODELS_DIR), model: 'Xenova/all-MiniLM-L6-v2' });
  big = await largeDocx(250);
  server = http.createServer((_, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('parse and chunk in a worker thread', () => {
  it('returns the same chunks as in-process, while this thread keeps serving requests', async () => {
    const events: string[] = [];
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    let turnsWhenParsed = 0;
    let answered: Promise<void> = Promise.resolve();

    const prepared = await prepareInWorker(big, DOCX, tokenizer, OPTIONS, {
      onParsed: () => {
        events.push('parsed');
        turnsWhenParsed = turns;
        // Sent while the worker chunks ~500 chunks: on this thread, chunking would hold the answer back until it was done.
        answered = fetch(url).then(async (r) => {
          await r.text();
          events.push('request answered');
        });
      },
    });
    events.push('chunks back');
    spinning = false;
    await answered;

    expect(events).toEqual(['parsed', 'request answered', 'chunks back']);
    // The event loop kept turning while the worker chunked (on this thread it would not turn at all).
    expect(turns - turnsWhenParsed).toBeGreaterThan(100);
    expect(prepared.title).toBe('Heron survey');
    expect(prepared.chunks.length).toBeGreaterThan(400);
    const inProcess = await prepareContent(big, DOCX, tokenizer, OPTIONS);
    expect(prepared).toEqual(inProcess);
  }, 300_000);

  it('kills a parse that overruns its step limit with a clear error, and the next document still parses', async () => {
    const error = await failure(prepareInWorker(big, DOCX, tokenizer, OPTIONS, { stepTimeoutMs: 1 }));
    expect(error.code).toBe('parse_timeout');
    expect(error.message).toMatch(/took longer than .* split or re-export it and upload again/);

    const notes = new TextEncoder().encode('# Notes\n\nThe herons came back to the marsh.');
    const after = await prepareInWorker(notes, 'text/markdown', tokenizer, OPTIONS);
    expect(after.chunks.map((c) => c.text)).toEqual(['Notes\nThe herons came back to the marsh.']);
  }, 300_000);

  it('kills a parse that outgrows the worker’s heap limit with a clear error', async () => {
    const resourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };
    // The limit leaves room for the worker itself and a small document: it is the large parse that outgrows it.
    const small = new TextEncoder().encode('The herons came back to the marsh.');
    expect((await prepareInWorker(small, 'text/plain', tokenizer, OPTIONS, { resourceLimits })).chunks).toHaveLength(1);
    const error = await failure(prepareInWorker(await largeDocx(2000), DOCX, tokenizer, OPTIONS, { resourceLimits }));
    expect(error.code).toBe('parse_failed');
    expect(error.message).toMatch(/needs more memory than Docent allows; split it into smaller files/);
  }, 300_000);

  it('hands back the parser’s own error as the same AppError, and cancels when asked', async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const error = await failure(prepareInWorker(broken, DOCX, tokenizer, OPTIONS));
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/upload/);

    const controller = new AbortController();
    const run = prepareInWorker(big, DOCX, tokenizer, OPTIONS, { signal: controller.signal });
    controller.abort();
    expect((await failure(run)).code).toBe('parse_timeout');
  }, 300_000);

  it('keeps an idle worker for every ingestion loop, so documents finishing together start none again', async () => {
    keepParseWorkers(4);
    const note = (i: number) => new TextEncoder().encode(`Note ${i}: the pump room is checked every Monday.`);
    const round = (from: number) =>
      Promise.all([0, 1, 2, 3].map((i) => prepareInWorker(note(from + i), 'text/plain', tokenizer, OPTIONS)));
    await round(0);
    const afterFirst = parseWorkersStarted();
    const second = await round(4);
    expect(second.map((p) => p.chunks[0].text)).toEqual([4, 5, 6, 7].map((i) => `Note ${i}: the pump room is checked every Monday.`));
    expect(parseWorkersStarted()).toBe(afterFirst);
  });
});
