/**
 * npx tsx scripts/calibrate-citation-check.ts [--claims n] [--datasets dir] [--json]
 * Calibrates the citation check's similarity threshold for every local embedder in the registry
 * (lib/models/registry.ts `supportSimilarity`) on labelled pairs from third-party data
 * (scripts/lib/citation-calibration.ts): SciFact train claims and the HotpotQA sample choose the
 * threshold; SciFact test claims, never seen while choosing, report how it holds.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SUPPORT_OVERLAP, wordOverlap } from '@/lib/chat/trace-citations';
import { loadTransformersEmbedder } from '@/lib/embeddings/transformers';
import { EMBEDDERS } from '@/lib/models/registry';
import { bestThreshold, hotpotPairs, type LabelledPair, scifactPairs, separation } from './lib/citation-calibration';
import { loadBeir } from './lib/eval/beir';
import { loadQaDataset } from './lib/eval/qa-dataset';
import { REPO_ROOT } from './lib/bench/server-process';
import { startRunStamp, writeResultFile } from './lib/result-file';

const { values } = parseArgs({ options: { claims: { type: 'string' }, datasets: { type: 'string' }, json: { type: 'boolean', default: false } } });
const DATASETS_DIR = path.resolve(values.datasets ?? path.join(REPO_ROOT, '../shared/datasets'));
const claims = Number(values.claims ?? 200);
const scifactDir = path.join(DATASETS_DIR, 'retrieval/scifact');

const calibration: LabelledPair[] = [
  ...scifactPairs(loadBeir(scifactDir, 'train'), scifactDir, claims),
  ...hotpotPairs(loadQaDataset(path.join(DATASETS_DIR, 'qa/hotpotqa-sample'))),
];
const heldOut = scifactPairs(loadBeir(scifactDir, 'test'), scifactDir, claims);
const count = (pairs: LabelledPair[]) => {
  const out: Record<string, { supported: number; unsupported: number }> = {};
  for (const p of pairs) (out[p.family] ??= { supported: 0, unsupported: 0 })[p.supported ? 'supported' : 'unsupported']++;
  return out;
};
const stamp = startRunStamp(REPO_ROOT, ['npx tsx scripts/calibrate-citation-check.ts', ...process.argv.slice(2)].join(' '));
const log = (line: string) => console.error(`[calibrate] ${line}`);
log(`pairs: calibration ${JSON.stringify(count(calibration))}, held out ${JSON.stringify(count(heldOut))}`);

const round = (x: number) => Math.round(x * 1000) / 1000;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const results = [];
for (const model of Object.keys(EMBEDDERS)) {
  const embedder = await loadTransformersEmbedder(model, { allowDownloads: false });
  const score = async (pairs: LabelledPair[]) => {
    const texts = [...new Set(pairs.flatMap((p) => [p.sentence, p.source]))];
    const started = performance.now();
    const vectors = await embedder.embedDocuments(texts);
    log(`${model}: embedded ${texts.length} texts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const byText = new Map(texts.map((t, i) => [t, vectors[i]]));
    // As checkCitations does: normalised vectors, so the dot product is the cosine similarity.
    return pairs.map((p) => {
      const a = byText.get(p.sentence)!, b = byText.get(p.source)!;
      return { ...p, score: a.reduce((s, x, i) => s + x * b[i], 0), overlap: wordOverlap(p.sentence, p.source) ?? 0 };
    });
  };
  const cal = await score(calibration);
  const held = await score(heldOut);
  const chosen = bestThreshold(cal);
  // The check as it runs: embedding similarity at the threshold, or most content words in the source.
  const withOverlap = (pairs: typeof cal) => ({
    ...separation(pairs.map((p) => ({ supported: p.supported, score: p.score >= chosen.threshold || p.overlap >= SUPPORT_OVERLAP ? 1 : 0 })), 1),
    threshold: chosen.threshold,
  });
  const byFamily = Object.fromEntries(
    [...new Set(cal.map((p) => p.family))].map((f) => {
      const own = cal.filter((p) => p.family === f);
      const fmt = (xs: number[]) => ({ mean: round(mean(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) });
      return [f, { supported: own.some((p) => p.supported) ? fmt(own.filter((p) => p.supported).map((p) => p.score)) : null,
        unsupported: own.some((p) => !p.supported) ? fmt(own.filter((p) => !p.supported).map((p) => p.score)) : null }];
    }),
  );
  const r = (s: ReturnType<typeof separation>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)]));
  results.push({
    model,
    registryValue: EMBEDDERS[model].supportSimilarity,
    chosen: r(chosen),
    calibrationWithOverlap: r(withOverlap(cal)),
    heldOut: r(separation(held, chosen.threshold)),
    heldOutWithOverlap: r(withOverlap(held)),
    heldOutAtRegistryValue: r(separation(held, EMBEDDERS[model].supportSimilarity)),
    scores: byFamily,
  });
  log(`${model}: threshold ${chosen.threshold} (balanced accuracy ${chosen.balancedAccuracy.toFixed(3)}, F1 ${chosen.f1.toFixed(3)})`);
}

const report = { pairs: { calibration: count(calibration), heldOut: count(heldOut) }, rule: 'max balanced accuracy on a 0.01 grid; ties: middle', results };
log(`wrote ${writeResultFile(REPO_ROOT, 'calibrate-citation-check', stamp.finish(), report)}`);
if (values.json) console.log(JSON.stringify(report, null, 2));
else for (const x of results) console.log(`${x.model}: threshold ${x.chosen.threshold} (registry ${x.registryValue}); calibration balanced acc ${x.chosen.balancedAccuracy} F1 ${x.chosen.f1}; held-out SciFact test balanced acc ${x.heldOut.balancedAccuracy} F1 ${x.heldOut.f1}`);
