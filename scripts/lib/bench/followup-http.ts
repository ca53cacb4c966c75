import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chatRoutes } from '@/tests/helpers/chat-client';
import { startRouteServer } from '@/tests/helpers/route-server';
import { setUpFirstAdmin } from '@/lib/auth/accounts';
import { createApiKey } from '@/lib/auth/api-keys';
import type { AnswerTrace } from '@/lib/chat/trace-types';
import { resetEnvCache } from '@/lib/env';
import { getDatabase, getEmbeddingContext, shutdownRuntime } from '@/lib/runtime';
import { loadSettings } from '@/lib/settings';
import { ingestCorpus } from '../eval/ingest-corpus';
import { REPO_ROOT } from './server-process';
import { median } from './stats';

/**
 * Time to first content byte over HTTP for a first question and its follow-up in the same stored
 * chat (issue 14's measure): the local test model, Docent's own architecture notes ingested as a
 * real document, and the request the browser sends (POST /v1/chat/completions, stream, store,
 * chat_id on the follow-up, earlier turns as the client shows them), so the chat's sequence and
 * the follow-up's references to sources already sent (lib/chat/source-references) apply.
 */

/** First questions and follow-ups a reader of the notes might ask. */
export const QUESTION_PAIRS: [string, string][] = [
  ['How does Docent store an uploaded document?', 'And how are its chunks searched?'],
  ['What happens when a chat question arrives?', 'How are its sources numbered and cited?'],
  ['How does the local model keep a chat fast?', 'What happens when many chats share it?'],
  ['How are documents split into chunks?', 'Which embedding model is used for them?'],
];

export interface TurnTiming {
  /** Request arrival at the HTTP server → first answer content written. */
  firstContentMs: number;
  /** The stored trace's prompt: total tokens and the sources' share. */
  promptTokens: number;
  sourceTokens: number;
  sent: string[];
}

export interface FollowUpPair {
  first: TurnTiming;
  followUp: TurnTiming;
  /** The follow-up's sources that the first turn had already sent. */
  alreadySent: number;
}

export interface FollowUpHttpFigures {
  document: string;
  chunks: number;
  pairs: FollowUpPair[];
  firstP50Ms: number;
  followUpP50Ms: number;
  /** Median of the per-pair ratios follow-up ÷ first (each pair measured back to back). Goal ≤ 0.5. */
  ratio: number;
  loadAverage: number[];
}

const CONTENT_DELTA = '"delta":{"content":"';
const round = (x: number) => Math.round(x * 100) / 100;

export async function timeFollowUpsOverHttp(modelFile: string, reps: number, log: (line: string) => void): Promise<FollowUpHttpFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-followup-'));
  Object.assign(process.env, { DATA_DIR: dataDir, LLM_PROVIDER: 'local', LLM_MODEL: modelFile, RATE_LIMIT_CHATS_PER_MINUTE: '1000000' });
  delete process.env.DATABASE_URL;
  resetEnvCache();
  const document = 'docs/architecture.md';
  try {
    const db = await getDatabase();
    const settings = await loadSettings(db);
    log(`ingesting ${document}`);
    const ingested = await ingestCorpus(db, await getEmbeddingContext(), [{ id: 'architecture', title: 'architecture.md', text: fs.readFileSync(path.join(REPO_ROOT, document), 'utf8') }], {
      collection: 'bench', chunkTokens: settings.chunkTokens, chunkOverlap: settings.chunkOverlap, batchSize: 8,
    });
    const { user } = await setUpFirstAdmin(db, 'bench@docent.local', 'bench-password-not-secret');
    const { key } = await createApiKey(db, user.id, 'bench');

    const arrivals = new Map<string, { arrived: number; content?: number }>();
    const server = await startRouteServer(chatRoutes, {
      arrived: (req, at) => void arrivals.set(String(req.headers['x-bench-id']), { arrived: at }),
      wrote: (req, piece, at) => {
        const t = arrivals.get(String(req.headers['x-bench-id']));
        if (t && t.content === undefined && Buffer.from(piece).toString('utf8').includes(CONTENT_DELTA)) t.content = at;
      },
    });
    let counter = 0;
    const ask = async (messages: { role: string; content: string }[], chatId?: string) => {
      const id = String(counter++);
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-bench-id': id },
        body: JSON.stringify({ messages, collection: 'bench', stream: true, store: true, temperature: 0, max_tokens: 32, ...(chatId ? { chat_id: chatId } : {}) }),
      });
      if (!response.ok || !response.body) throw new Error(`chat request failed: ${response.status} ${await response.text()}`);
      const events = (await response.text()).split('\n\n').filter((b) => b.startsWith('data: {')).map((b) => JSON.parse(b.slice(6)));
      const chat = String(events[0].chat_id);
      const answer = events.map((e) => e.choices?.[0]?.delta?.content ?? '').join('');
      const { rows } = await db.query<{ trace: AnswerTrace }>(`SELECT trace FROM messages WHERE chat_id = $1 AND role = 'assistant' ORDER BY ordinal DESC LIMIT 1`, [chat]);
      const trace = rows[0].trace;
      const t = arrivals.get(id)!;
      if (t.content === undefined) throw new Error('the stream carried no answer content');
      const sent = trace.retrieval.candidates.filter((c) => c.status === 'sent').sort((a, b) => a.sourceIndex! - b.sourceIndex!).map((c) => c.chunkId);
      const timing: TurnTiming = { firstContentMs: t.content - t.arrived, promptTokens: trace.prompt.total, sourceTokens: trace.prompt.sources, sent };
      return { chat, answer, timing };
    };

    // Untimed: loads the model and evaluates the system prompt, as any earlier chat would have.
    await ask([{ role: 'user', content: 'What is Docent?' }]);
    const pairs: FollowUpPair[] = [];
    for (let i = 0; i < reps; i++) {
      const [q1, q2] = QUESTION_PAIRS[i % QUESTION_PAIRS.length];
      const first = await ask([{ role: 'user', content: q1 }]);
      const next = await ask([{ role: 'user', content: q1 }, { role: 'assistant', content: first.answer }, { role: 'user', content: q2 }], first.chat);
      const alreadySent = next.timing.sent.filter((c) => first.timing.sent.includes(c)).length;
      pairs.push({ first: first.timing, followUp: next.timing, alreadySent });
      log(`pair ${i + 1}: first ${first.timing.firstContentMs.toFixed(0)} ms, follow-up ${next.timing.firstContentMs.toFixed(0)} ms (${alreadySent}/${next.timing.sent.length} sources already sent)`);
    }
    await server.close();
    return {
      document,
      chunks: ingested.chunks,
      pairs,
      firstP50Ms: Math.round(median(pairs.map((p) => p.first.firstContentMs))),
      followUpP50Ms: Math.round(median(pairs.map((p) => p.followUp.firstContentMs))),
      ratio: round(median(pairs.map((p) => p.followUp.firstContentMs / p.first.firstContentMs))),
      loadAverage: os.loadavg().map(round),
    };
  } finally {
    await shutdownRuntime();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
