import fs from 'node:fs';
import path from 'node:path';
import { parseJsonLines, type BeirDataset, beirDocumentText } from './eval/beir';
import type { QaDataset } from './eval/qa-dataset';

/**
 * Labelled (sentence, source) pairs for calibrating the citation check's similarity threshold,
 * built only from third-party data: SciFact claims with the abstracts their annotators marked as
 * SUPPORT evidence, and HotpotQA questions with their answers against the passage holding the
 * answer. Negatives are the same sentence against another claim's evidence (unrelated) or, for
 * HotpotQA, against a distractor paragraph of the same question (same topic, not the answer:
 * what a model citing the wrong retrieved source looks like).
 */
export interface LabelledPair {
  family: string;
  sentence: string;
  source: string;
  supported: boolean;
}

type ClaimMetadata = Record<string, { sentences: number[]; label: 'SUPPORT' | 'CONTRADICT' }[]>;

/** SciFact: each claim with one SUPPORT abstract (positive) and the evidence of the claim `limit/2` places on (negative). */
export function scifactPairs(data: BeirDataset, dir: string, limit: number): LabelledPair[] {
  const raw = parseJsonLines<{ _id: string; metadata: ClaimMetadata }>(fs.readFileSync(path.join(dir, 'queries.jsonl'), 'utf8'));
  const metadata = new Map(raw.map((q) => [q._id, q.metadata ?? {}]));
  const docs = new Map(data.corpus.map((d) => [d.id, d]));
  const claims = data.queries.flatMap((q) => {
    // Only evidence the annotators labelled SUPPORT: a contradicting abstract is on topic but does not back the claim.
    const docId = Object.entries(metadata.get(q.id) ?? {}).find(([, ev]) => ev.some((e) => e.label === 'SUPPORT'))?.[0];
    const doc = docId ? docs.get(docId) : undefined;
    return doc ? [{ claim: q.text, docId: doc.id, source: beirDocumentText(doc) }] : [];
  });
  const picked = claims.slice(0, limit);
  const shift = Math.max(1, Math.floor(picked.length / 2));
  return picked.flatMap((c, i) => {
    const other = picked[(i + shift) % picked.length];
    const pairs: LabelledPair[] = [{ family: 'scifact', sentence: c.claim, source: c.source, supported: true }];
    if (other.docId !== c.docId) pairs.push({ family: 'scifact', sentence: c.claim, source: other.source, supported: false });
    return pairs;
  });
}

/** HotpotQA: "question answer." against the gold passage that holds the answer, a distractor, and another question's gold passage. */
export function hotpotPairs(data: QaDataset): LabelledPair[] {
  const lower = (s: string) => s.toLowerCase();
  const items = data.questions.flatMap((q) => {
    const answer = q.answers[0] ?? '';
    if (!answer || /^(yes|no)$/i.test(answer)) return [];
    const has = (t: string) => lower(data.passages.get(t) ?? '').includes(lower(answer));
    const gold = q.goldTitles.find(has);
    const distractor = q.contextTitles.find((t) => !q.goldTitles.includes(t) && !has(t));
    return gold ? [{ sentence: `${q.question} ${answer}.`, gold, distractor, answer }] : [];
  });
  const shift = Math.max(1, Math.floor(items.length / 2));
  return items.flatMap((item, i) => {
    const other = items[(i + shift) % items.length];
    const pairs: LabelledPair[] = [{ family: 'hotpotqa', sentence: item.sentence, source: data.passages.get(item.gold)!, supported: true }];
    if (item.distractor) pairs.push({ family: 'hotpotqa-distractor', sentence: item.sentence, source: data.passages.get(item.distractor)!, supported: false });
    const otherText = data.passages.get(other.gold)!;
    if (!lower(otherText).includes(lower(item.answer))) pairs.push({ family: 'hotpotqa', sentence: item.sentence, source: otherText, supported: false });
    return pairs;
  });
}

export interface Separation {
  threshold: number;
  /** Mean of the share of supported pairs accepted and of unsupported pairs rejected (classes weigh the same). */
  balancedAccuracy: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

/** How well `score ≥ threshold` separates the labels. */
export function separation(scored: { score: number; supported: boolean }[], threshold: number): Separation {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (const p of scored) {
    const accepted = p.score >= threshold;
    if (p.supported && accepted) tp++;
    else if (p.supported) fn++;
    else if (accepted) fp++;
    else tn++;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    threshold,
    balancedAccuracy: (recall + ratio(tn, tn + fp)) / 2,
    accuracy: ratio(tp + tn, scored.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
  };
}

/**
 * The rule: the threshold on a 0.01 grid with the best balanced accuracy (the classes are not the
 * same size); where several tie, the middle of the tied run, so the value sits between the classes.
 */
export function bestThreshold(scored: { score: number; supported: boolean }[]): Separation {
  const grid = Array.from({ length: 101 }, (_, i) => i / 100);
  const results = grid.map((t) => separation(scored, t));
  const best = Math.max(...results.map((r) => r.balancedAccuracy));
  const tied = results.filter((r) => r.balancedAccuracy >= best - 1e-12);
  return tied[Math.floor((tied.length - 1) / 2)];
}
