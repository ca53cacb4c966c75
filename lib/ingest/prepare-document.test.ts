import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '@/lib/env';
import { loadTokenizer } from '../embeddings/tokenizer-load';
import type { Tokenizer } from '../embeddings/types';
import { prepareContent, type PrepareOptions } from './prepare';
import { IN_PROCESS_TEXT_BYTES, parseWorkersStarted, prepareDocument } from './prepare-thread';

const OPTIONS: PrepareOptions = { chunkTokens: 256, chunkOverlap: 32, maxTokens: 254, documentName: 'note.txt' };
let tokenizer: Tokenizer;

beforeAll(async () => {
  tokenizer = await loadTokenizer({ kind: 'transformers', modelsDir: path.resolve(env().MODELS_DIR), model: 'Xenova/all-MiniLM-L6-v2' });
}, 120_000);

describe('prepareDocument', () => {
  it('chunks a short note on this thread, without starting a parse worker', async () => {
    const note = new TextEncoder().encode('The pump room is checked every Monday. Keys hang by the door.');
    const prepared = await prepareDocument(note, 'text/plain', tokenizer, OPTIONS);
    expect(parseWorkersStarted()).toBe(0);
    expect(prepared).toEqual(await prepareContent(note, 'text/plain', tokenizer, OPTIONS));
  });

  it('sends longer text, and every other format, to a parse worker', async () => {
    const long = new TextEncoder().encode('The pump room is checked every Monday. '.repeat(Math.ceil(IN_PROCESS_TEXT_BYTES / 39) + 1));
    expect(long.length).toBeGreaterThan(IN_PROCESS_TEXT_BYTES);
    const prepared = await prepareDocument(long, 'text/plain', tokenizer, OPTIONS);
    expect(prepared.chunks.length).toBeGreaterThan(1);
    expect(parseWorkersStarted()).toBe(1);
    const html = new TextEncoder().encode('<h1>Pumps</h1><p>Checked every Monday.</p>');
    expect((await prepareDocument(html, 'text/html', tokenizer, OPTIONS)).chunks[0].text).toContain('Checked every Monday.');
    expect(parseWorkersStarted()).toBe(1); // the first worker, idle again, took it
  }, 120_000);
});
