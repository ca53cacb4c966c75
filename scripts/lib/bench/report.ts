import fs from 'node:fs';
import type { BenchReport } from './run-bench';

export const BEGIN = '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->';
export const END = '<!-- bench:end -->';

const f = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** The generated part of docs/benchmarks.md: figures, the machine and the command. */
export function benchMarkdown(r: BenchReport, command: string, date = new Date()): string {
  const m = r.machine;
  const where = r.headlineSearch ? ` (${r.headlineSearch.database}, ${k(r.headlineSearch.chunks)} chunks)` : '';
  const lines = [
    `### Run of ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (quick smoke run: sizes shrunk)' : ''}`,
    '',
    `Command: \`${command}\` (${(r.durationSeconds / 60).toFixed(1)} min).`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}; load average ${m.loadAverageStart.join(' / ')} at start,` +
      ` ${(m.loadAverageEnd ?? []).join(' / ')} at the end (1/5/15 min; the machine is shared, so absolute times carry that load).`,
    '',
    '| headline | value |',
    '|---|---|',
    `| ingestRatio (pipeline ÷ the raw embedder at its best batch size in the same run, PGlite, goal ≥ 0.9) | ${f(r.ingestRatio, 2)} |`,
    `| hybrid search p50${where} | ${f(r.searchP50Ms)} ms |`,
    `| HNSW recall@10 at ef_search = ${r.efSearch}${where} | ${f(r.hnswRecallAt10, 3)} |`,
    `| server RSS idle / peak under load | ${f(r.rssIdleMb, 0)} / ${f(r.rssLoadPeakMb, 0)} MB |`,
    `| time to first token over HTTP (arrival at the server → first answer token written; fake upstream, API key), p50 | ${r.firstTokenOverheadP50Ms === null ? `– (${r.chat?.reason ?? 'not run'})` : `${f(r.firstTokenOverheadP50Ms)} ms`} |`,
    `| local generation, Docent ÷ node-llama-cpp direct | ${r.localGenerationRatio === null ? `– (${r.chat?.reason ?? 'not run'})` : f(r.localGenerationRatio, 3)} |`,
  ];
  for (const [part, reason] of Object.entries(r.errors)) lines.push('', `**${part} failed:** ${reason}`);
  if (r.ingest.length) {
    lines.push('', '#### Ingestion vs the bare model', '');
    lines.push(
      'Same chunk texts both sides: SciFact abstracts uploaded (addDocuments) and ingested by the background worker (lanes, embedding calls ' +
        "shared across documents), then Docent's embedder, same thread budget, on the chunks that run stored at batch 4, 8, 16 and 32; the fastest " +
        'is the baseline (its batch size in brackets). One pair per repeat, alternating which side goes first.',
      '',
    );
    lines.push('| database | documents | chunks | mean tokens/chunk | pipeline chunks/s | raw chunks/s at its best batch | ratio per repeat | median |', '|---|---|---|---|---|---|---|---|');
    for (const i of r.ingest) {
      lines.push(
        `| ${i.database} | ${i.documents} | ${i.chunks} | ${f(i.meanChunkTokens, 0)} | ${i.pipelineChunksPerSecond.map((x) => f(x)).join(', ')} | ` +
          `${i.rawChunksPerSecond.map((x, k) => `${f(x)} (${i.rawBestBatchSize[k]})`).join(', ')} | ${i.ratios.map((x) => f(x, 2)).join(', ')} | ${f(i.ratio, 2)} |`,
      );
    }
  }
  const sweep = r.ingest.find((i) => i.batchSweep.length);
  if (sweep) {
    lines.push(
      '',
      `Docent's embedder by batch size on the same ${sweep.chunks} chunks (length-sorted batches, median of two interleaved rounds): ` +
        sweep.batchSweep.map((b) => `batch ${b.batchSize}: ${f(b.chunksPerSecond)} chunks/s`).join(', ') + '.',
    );
  }
  if (r.search.length) {
    lines.push('', '#### Search latency (searchChunks, k = topK, query embedding included)', '');
    lines.push('Synthetic chunks inserted with the pipeline\'s own insert (text sampled from SciFact\'s word frequencies, ~150 words; vectors scattered around real MiniLM embeddings of SciFact titles, σ = 0.05), HNSW index built after the load. Queries: SciFact test claims.', '');
    lines.push('| database | chunks | insert s | HNSW build s | hybrid p50 / p95 / p99 ms | vector p50 / p95 / p99 ms |', '|---|---|---|---|---|---|');
    for (const s of r.search) {
      const h = s.latencyMs.hybrid;
      const v = s.latencyMs.vector;
      lines.push(
        `| ${s.database} | ${k(s.chunks)} | ${f(s.insertSeconds, 0)} | ${f(s.indexSeconds, 0)} | ${f(h.p50)} / ${f(h.p95)} / ${f(h.p99)} | ${f(v.p50)} / ${f(v.p95)} / ${f(v.p99)} |`,
      );
    }
    const efs = r.search[0].recall.map((p) => p.efSearch);
    lines.push('', '#### HNSW recall@10 against exact search, by ef_search', '');
    lines.push('Exact top 10 computed in JS over the stored vectors; the index side is the same SQL searchChunks runs (iterative scan, relaxed order). Cells: recall@10 (p50 ms of the SQL alone).', '');
    lines.push(`| database | chunks | ${efs.map((e) => `ef ${e}${e === r.efSearch ? ' (default)' : ''}`).join(' | ')} |`, `|---|---|${efs.map(() => '---').join('|')}|`);
    for (const s of r.search) {
      lines.push(`| ${s.database} | ${k(s.chunks)} | ${s.recall.map((p) => `${f(p.recallAt10, 3)} (${f(p.p50Ms)})`).join(' | ')} |`);
    }
  }
  if (r.real) {
    lines.push('', '#### HNSW against exact kNN on real embeddings', '');
    lines.push(
      `${r.real.chunks.toLocaleString('en')} real chunks (${r.real.sources.map((s) => `${s.name}: ${s.documents.toLocaleString('en')} documents → ${s.chunks.toLocaleString('en')} chunks`).join('; ')}; ` +
        'chunked as a `.txt` upload at 256/32, all-MiniLM-L6-v2 vectors cached in .cache/bench/real-vectors), queried with the datasets\' own questions. ' +
        `HNSW side: searchChunks in vector mode, k = 10, ef_search ${r.efSearch}, iterative scan, exact fallback when short — what ships; the query vectors are precomputed, so times are the search alone. ` +
        'Exact side: the same SQL with index scans off (sequential scan + sort). "1%": a collection holding ~1% of the documents, searched by name.',
      '',
    );
    lines.push('| database | filter | rows searched | queries | recall@10 | HNSW p50 / p95 ms | exact p50 / p95 ms | short results |', '|---|---|---|---|---|---|---|---|');
    for (const c of r.real.cases) {
      lines.push(`| ${c.database} | ${c.filter} | ${c.rows.toLocaleString('en')} | ${c.queries} | ${f(c.recallAt10, 3)} | ${f(c.hnswMs.p50)} / ${f(c.hnswMs.p95)} | ${f(c.exactMs.p50)} / ${f(c.exactMs.p95)} | ${c.shortResults} |`);
    }
  }
  if (r.rss) {
    lines.push('', '#### Server memory (VmRSS of the `next start` process tree, fresh DATA_DIR, PGlite)', '');
    lines.push(`Idle after the embedder loaded: **${f(r.rss.idleMb, 0)} MB**. While ${r.rss.loadDocuments} documents ingested with 4 clients searching (${r.rss.loadSearches} searches): median ${f(r.rss.loadMedianMb, 0)} MB, peak ${f(r.rss.loadPeakMb, 0)} MB. No chat ran, so no LLM weights are counted.`);
  }
  if (r.chat?.firstToken) {
    lines.push('', '#### Time to first token over HTTP (from scripts/bench-first-token.ts)', '', '```json', JSON.stringify(r.chat.firstToken, null, 2), '```');
  }
  if (r.chat?.detail) {
    lines.push('', '#### Chat (from scripts/bench-chat.ts)', '', '```json', JSON.stringify(r.chat.detail, null, 2), '```');
  }
  return lines.join('\n');
}

/** Puts the generated section between the markers, keeping everything else in the file. */
export function writeBenchMarkdown(file: string, section: string): void {
  const block = `${BEGIN}\n${section}\n${END}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

/** A few lines for the terminal. */
export function benchSummary(r: BenchReport): string {
  return [
    `ingestRatio ${f(r.ingestRatio, 2)}; hybrid p50 ${f(r.searchP50Ms)} ms and recall@10 ${f(r.hnswRecallAt10, 3)} at ef_search ${r.efSearch}` +
      (r.headlineSearch ? ` (${r.headlineSearch.database}, ${k(r.headlineSearch.chunks)} chunks)` : ''),
    `RSS idle ${f(r.rssIdleMb, 0)} MB, peak ${f(r.rssLoadPeakMb, 0)} MB; first-token overhead p50 ${f(r.firstTokenOverheadP50Ms)} ms; local generation ratio ${f(r.localGenerationRatio, 3)}`,
    `${(r.durationSeconds / 60).toFixed(1)} min on ${r.machine.cpu} × ${r.machine.cores}, load ${r.machine.loadAverageStart[0]} → ${r.machine.loadAverageEnd?.[0]}`,
  ].join('\n');
}
