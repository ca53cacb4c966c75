import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureEmbeddingSpace } from '@/db/queries/embedding-models';
import { getEmbedder } from '@/lib/embeddings';
import { getDatabase } from '@/lib/runtime';
import { loadSettings } from '@/lib/settings';
import { runFollowup } from '@/scripts/lib/followup/run-followup';
import { buildTwoTurnSet } from '@/scripts/lib/followup/two-turn';
import { completion, getChat } from '../helpers/chat-client';
import { setupChatTestbed } from '../helpers/chat-testbed';
import { DATASETS_DIR } from '../helpers/test-env';

/**
 * Follow-up questions: the chat stores the query it searched, and on a two-turn labelled set
 * from HotpotQA ("Tell me about X." then the question with X as "it") the follow-up finds
 * nearly what the question asked standalone finds.
 */
const bed = setupChatTestbed('pglite');

describe('follow-up questions', () => {
  it('are searched as the chat model rewrites them, and the searched query is stored with the answer', async () => {
    bed.fake.reply({ text: 'Who feeds the zebras under the quokka-7731 protocol?' });
    const { status, body } = await completion({
      collection: 'zoo',
      store: true,
      messages: [
        { role: 'user', content: 'What is the quokka-7731 protocol?' },
        { role: 'assistant', content: 'A feeding protocol for zebras [1].' },
        { role: 'user', content: 'Who feeds them?' },
      ],
    });
    expect(status).toBe(200);
    expect(body.sources[0].text).toContain('quokka-7731');
    const chat = await getChat(body.chat_id);
    const answer = chat.body.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(answer.searchQuery).toBe('Who feeds the zebras under the quokka-7731 protocol?');
  });

  it('find with the cheap fallback at least 0.9 × what the standalone question finds (recall@6, 20 two-turn cases)', async () => {
    const data = buildTwoTurnSet(path.join(DATASETS_DIR, 'qa/hotpotqa-sample'), 20);
    expect(data.cases[0]).toMatchObject({ first: 'Tell me about Lilu.', followUp: 'If Gallu is a demon it is what?' });
    const db = await getDatabase();
    const embedder = await getEmbedder();
    const embedding = { embedder, space: await ensureEmbeddingSpace(db, embedder.model, embedder.dim) };
    const report = await runFollowup(db, embedding, await loadSettings(db), data, { k: 6 });
    expect(report.method).toBe('previous-question');
    expect(report.ratio).toBeGreaterThanOrEqual(0.9);
    // Without the conversation the follow-up finds clearly less: the rewriting is what helps.
    expect(report.followUpAsAsked).toBeLessThan(report.standalone * 0.9);
  }, 600_000);
});
