/**
 * What people upload (issue 16): OCR speed and character accuracy, and parsing + chunking of a
 * 100-slide deck and a 10,000-row sheet, each case in a child process of its own so its peak
 * RSS is its own. `npx tsx scripts/bench-sources.ts [--json]`; results go in docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS } from '@/lib/ingest/chunk';
import { detectType } from '@/lib/ingest/detect-type';
import { parseDocument } from '@/lib/ingest/parse';
import { characterAccuracy, KNOWN_TEXT, mixedPdf, pageImage } from '@/lib/ingest/parse/ocr-fixtures';
import { pptxEntries, xlsxBytes } from '@/lib/ingest/parse/office-fixtures';
import { buildZip } from '@/lib/ingest/parse/test-helpers';
import type { Tokenizer } from '@/lib/ingest/types';

// Whitespace words: the chunker's cost, not the model tokenizer's, is what is measured here.
const words: Tokenizer = { encode: (t) => t.split(/\s+/).filter(Boolean).map((_, i) => i), count: (t) => t.split(/\s+/).filter(Boolean).length };
const PAGES = 5;

const cases: Record<string, () => Promise<Record<string, number | string>>> = {
  async ocr() {
    const pdf = await mixedPdf(Array.from({ length: PAGES }, () => ({ scan: KNOWN_TEXT })));
    const started = performance.now();
    const doc = await parseDocument(pdf, 'application/pdf');
    const seconds = (performance.now() - started) / 1000;
    const page1 = doc.blocks.filter((b) => b.page === 1).map((b) => b.text).join(' ');
    return {
      pages: PAGES,
      seconds: round(seconds),
      pagesPerMinute: round((PAGES / seconds) * 60),
      characterAccuracy: round(characterAccuracy(KNOWN_TEXT.join(' '), page1) * 100, 2),
      meanConfidence: doc.ocr?.meanConfidence ?? 0,
    };
  },
  async image() {
    const started = performance.now();
    const doc = await parseDocument(pageImage(KNOWN_TEXT), 'image/png');
    return { seconds: round((performance.now() - started) / 1000), characterAccuracy: round(characterAccuracy(KNOWN_TEXT.join(' '), doc.blocks.map((b) => b.text).join(' ')) * 100, 2) };
  },
  async deck() {
    const slides = Array.from({ length: 100 }, (_, i) => ({
      title: `Slide ${i + 1}: quarterly topic ${i}`,
      body: Array.from({ length: 6 }, (_, j) => `Point ${j + 1} of slide ${i + 1} explains one part of the plan in a full sentence.`),
      notes: `Speaker notes for slide ${i + 1}: remind the audience of the figures and the owner of this item.`,
      table: i % 10 === 0 ? [['Metric', 'Value'], ['Revenue', String(i * 1000)], ['Cost', String(i * 600)]] : undefined,
    }));
    return measure(buildZip(pptxEntries(slides)), 'deck.pptx');
  },
  async sheet() {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`SKU-${i}`, `Part number ${i} description`, i * 3, new Date(Date.UTC(2026, 0, 1 + (i % 365))), i % 7 === 0 ? 'reorder' : 'ok']);
    return measure(await xlsxBytes({ Inventory: [['SKU', 'Description', 'Count', 'Checked', 'State'], ...rows] }), 'inventory.xlsx');
  },
};

async function measure(bytes: Uint8Array, name: string) {
  const started = performance.now();
  const doc = await parseDocument(bytes, detectType(bytes, name));
  const parsed = performance.now();
  const chunks = chunkDocument(doc, words, DEFAULT_CHUNK_OPTIONS);
  return { bytes: bytes.length, blocks: doc.blocks.length, chunks: chunks.length, parseSeconds: round((parsed - started) / 1000), chunkSeconds: round((performance.now() - parsed) / 1000) };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const only = process.argv.find((a) => a.startsWith('--case='))?.slice(7);
if (only) {
  const result = await cases[only]();
  // Peak RSS of this process (KB on Linux), OCR's worker threads included.
  console.log(JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  const results: Record<string, unknown> = {};
  for (const name of Object.keys(cases)) {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1], `--case=${name}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    results[name] = JSON.parse(out.trim().split('\n').at(-1)!);
    if (!process.argv.includes('--json')) console.log(name, results[name]);
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
}
