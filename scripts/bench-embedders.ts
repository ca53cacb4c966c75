/**
 * npx tsx scripts/bench-embedders.ts [--texts n] [--rounds n]
 * Embedding throughput (chunks/s) of each registry embedder on the same SciFact abstracts,
 * measured in one process with the models taking turns, so both see the same machine load.
 * Texts are cut to the default chunk size (256 tokens), as ingestion's chunks are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTransformersEmbedder } from '@/lib/embeddings/transformers';
import { EMBEDDERS } from '@/lib/models/registry';

const { values } = parseArgs({ options: { texts: { type: 'string' }, rounds: { type: 'string' } } });
const count = Number(values.texts ?? 64);
const rounds = Number(values.rounds ?? 3);
const corpus = fs
  .readFileSync(path.resolve('../shared/datasets/retrieval/scifact/corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, count)
  .map((line) => JSON.parse(line) as { title: string; text: string })
  .map((d) => `${d.title} ${d.text}`);

const models = Object.keys(EMBEDDERS);
const embedders = await Promise.all(models.map((m) => loadTransformersEmbedder(m, { allowDownloads: false })));
const texts = embedders.map((e) => corpus.map((t) => e.tokenizer.encode(t).length > 256 ? t.split(' ').slice(0, 180).join(' ') : t));
const rates: number[][] = models.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (const [i, e] of embedders.entries()) {
    const started = performance.now();
    await e.embedDocuments(texts[i]);
    rates[i].push(count / ((performance.now() - started) / 1000));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify(models.map((m, i) => ({ model: m, chunksPerSecond: +median(rates[i]).toFixed(2), rounds: rates[i].map((x) => +x.toFixed(2)) })), null, 2));
