import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_LLM_FILE } from '@/lib/models/registry';
import { REPO_ROOT, startServer, treeRssMb, type RunningServer } from './server-process';
import { median } from './stats';
import { uploadTexts } from './upload';

export interface RssResult {
  idleMb: number;
  /** Peak and median while documents ingest and searches run concurrently. */
  loadPeakMb: number;
  loadMedianMb: number;
  loadDocuments: number;
  loadSearches: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the embedder reports ready (the server warms it at start), then until RSS settles. */
async function settle(server: RunningServer): Promise<number> {
  for (let i = 0; i < 240; i++) {
    const health = await fetch(`${server.url}/api/health`).then((r) => r.json());
    if (health.embedder?.ready) break;
    await sleep(500);
  }
  const samples: number[] = [];
  for (let i = 0; i < 12; i++) {
    samples.push(treeRssMb(server.pid));
    await sleep(500);
  }
  return median(samples.slice(4));
}

/**
 * The built server's memory (VmRSS of its process tree) on a fresh DATA_DIR: idle once the
 * embedder has loaded, then while `docs` are uploaded and ingested with four clients searching
 * at the same time. The LLM is not loaded (no chat), so its weights are not counted.
 */
export async function measureServerRss(docs: { name: string; text: string }[], log: (line: string) => void): Promise<RssResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-rss-'));
  const server = await startServer({
    DATA_DIR: dataDir,
    MODELS_DIR: process.env.MODELS_DIR ?? path.join(REPO_ROOT, 'data/models'),
    ALLOW_MODEL_DOWNLOADS: 'false',
    LLM_PROVIDER: 'local',
    LLM_MODEL: process.env.LLM_MODEL ?? TEST_LLM_FILE,
    DATABASE_URL: '',
  });
  try {
    const idleMb = await settle(server);
    log(`  idle RSS ${idleMb.toFixed(0)} MB`);

    const ids = await uploadTexts(server.url, docs);

    const rss: number[] = [];
    let done = false;
    let searches = 0;
    const sampler = (async () => {
      while (!done) {
        rss.push(treeRssMb(server.pid));
        await sleep(250);
      }
    })();
    const searcher = async (offset: number) => {
      for (let i = offset; !done; i += 4) {
        const query = docs[i % docs.length].text.split(/\s+/).slice(0, 12).join(' ');
        const r = await fetch(`${server.url}/api/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, mode: 'hybrid' }),
        });
        await r.arrayBuffer();
        searches++;
      }
    };
    const searchers = [0, 1, 2, 3].map(searcher);
    const deadline = Date.now() + 15 * 60_000;
    while (Date.now() < deadline) {
      const list = (await fetch(`${server.url}/api/documents`).then((r) => r.json())).documents as { id: string; status: string }[];
      const pending = list.filter((d) => ids.includes(d.id) && (d.status === 'queued' || d.status === 'processing'));
      if (pending.length === 0) break;
      await sleep(1000);
    }
    done = true;
    await Promise.all([sampler, ...searchers]);
    return { idleMb, loadPeakMb: Math.max(...rss), loadMedianMb: median(rss), loadDocuments: docs.length, loadSearches: searches };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
