import type { Database } from '@/db';
import type { ChatMessage } from '@/lib/chat/types';
import type { EmbeddingContext } from '@/lib/runtime';
import { standaloneQuery, type Completer } from '@/lib/search/rewrite-query';
import { searchChunks } from '@/lib/search/search';
import type { Settings } from '@/lib/settings';
import { ingestCorpus } from '../eval/ingest-corpus';
import type { Passage, TwoTurnCase } from './two-turn';

export interface FollowupReport {
  cases: number;
  k: number;
  /** Mean recall@k of the supporting passages: the question asked standalone. */
  standalone: number;
  /** The follow-up searched as asked, without the conversation (what Docent did before). */
  followUpAsAsked: number;
  /** The follow-up searched as standaloneQuery makes it (fallback, or the model when given). */
  followUpRewritten: number;
  /** followUpRewritten / standalone; the goal is ≥ 0.9. */
  ratio: number;
  method: string;
}

/** Ingests the passages (one document each, named by title) and scores the three ways of searching. */
export async function runFollowup(
  db: Database,
  embedding: EmbeddingContext,
  settings: Settings,
  data: { cases: TwoTurnCase[]; passages: Passage[] },
  opts: { k?: number; complete?: Completer; log?: (line: string) => void } = {},
): Promise<FollowupReport> {
  const k = opts.k ?? 6;
  const ingested = await ingestCorpus(
    db,
    embedding,
    data.passages.map((p) => ({ id: p.title, title: p.title, text: `${p.title}\n\n${p.text}` })),
    { collection: 'followup', chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: 8 },
  );
  opts.log?.(`ingested ${data.passages.length} passages (${ingested.chunks} chunks) in ${ingested.seconds.toFixed(1)} s`);
  const recall = async (query: string, relevant: string[]) => {
    const hits = await searchChunks(db, embedding, settings, { query, k, mode: settings.retrievalMode, viewerId: null, collection: 'followup' });
    const found = new Set(hits.flatMap((h) => ingested.aliases.get(h.documentId) ?? []));
    return relevant.filter((t) => found.has(t)).length / relevant.length;
  };
  let standalone = 0;
  let asAsked = 0;
  let rewritten = 0;
  const methods = new Set<string>();
  for (const c of data.cases) {
    const conversation: ChatMessage[] = [
      { role: 'user', content: c.first },
      { role: 'assistant', content: '(answer)' },
      { role: 'user', content: c.followUp },
    ];
    const searched = await standaloneQuery(conversation, opts.complete);
    methods.add(searched.method);
    standalone += await recall(c.standalone, c.relevant);
    asAsked += await recall(c.followUp, c.relevant);
    rewritten += await recall(searched.query, c.relevant);
  }
  const n = Math.max(1, data.cases.length);
  return {
    cases: data.cases.length,
    k,
    standalone: standalone / n,
    followUpAsAsked: asAsked / n,
    followUpRewritten: rewritten / n,
    ratio: standalone ? rewritten / standalone : 0,
    method: [...methods].join(', '),
  };
}
