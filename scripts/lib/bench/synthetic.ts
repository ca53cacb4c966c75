/**
 * Synthetic chunks for latency and recall at sizes too large to embed on this machine: text
 * drawn word by word from a real corpus's unigram distribution (so full-text postings have
 * realistic lengths), vectors scattered around real MiniLM embeddings (so they sit in the
 * same narrow cone of the space real chunks do, rather than uniformly on the sphere).
 */

/** mulberry32: a small seeded generator, so every run measures the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/**
 * A unit vector near one of `centres`: centre + N(0, σ²) per dimension, normalised. With 384
 * dimensions and σ = 0.05 a point keeps cosine ≈ 0.7 to its centre and ≈ 0.5 to its
 * neighbours — a topical cluster, hard for HNSW because the neighbours are nearly equidistant.
 */
export function vectorNear(centres: readonly Float32Array[], sigma: number, random: () => number): Float32Array {
  const centre = centres[Math.floor(random() * centres.length)];
  const v = new Float32Array(centre.length);
  for (let i = 0; i < v.length; i++) v[i] = centre[i] + sigma * gaussian(random);
  return normalise(v);
}

/** Samples words with the frequencies they have in `texts`. */
export function wordSampler(texts: readonly string[], random: () => number): (count: number) => string {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.toLowerCase().match(/[a-z][a-z0-9-]{1,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const words = [...counts.keys()];
  const cumulative = new Float64Array(words.length);
  let total = 0;
  words.forEach((w, i) => (cumulative[i] = total += counts.get(w)!));
  const pick = () => {
    const target = random() * total;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  return (count) => Array.from({ length: count }, pick).join(' ');
}

/** Exact top-k by inner product (the vectors are unit length, so this is cosine order). */
export function exactTopK(query: Float32Array, vectors: readonly Float32Array[], k: number): number[] {
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    let s = 0;
    for (let d = 0; d < v.length; d++) s += v[d] * query[d];
    if (best.length < k || s > best[best.length - 1].s) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.i);
}
