import { describe, expect, it } from 'vitest';
import type { EmbeddingIndexState } from '@/db/queries/embedding-index';
import { toEmbeddingIndexView } from './change';

const minilm = { id: 1, name: 'Xenova/all-MiniLM-L6-v2', dim: 384 };
const remote = { id: 2, name: 'openai:text-embedding-3-small', dim: 1536 };
const idle: EmbeddingIndexState = { active: minilm, target: null, reindexStartedAt: null, lastReindex: null };
const running: EmbeddingIndexState = { ...idle, target: remote, reindexStartedAt: new Date('2025-01-02T03:04:05Z') };

describe('the embedding index as the admin sees it', () => {
  it('is ready, at 100%, with no re-index', () => {
    expect(toEmbeddingIndexView(idle, null, [])).toMatchObject({
      activeModel: minilm.name, activeDim: 384, targetModel: null, state: 'ready', fraction: 1, total: 0, startedAt: null,
    });
  });

  it('counts the documents in progress by their own progress', () => {
    const view = toEmbeddingIndexView(running, { total: 4, done: 1, failed: 0, pending: 3, progress: 1.5 }, []);
    expect(view).toMatchObject({ targetModel: remote.name, targetDim: 1536, state: 'reindexing', total: 4, done: 1, fraction: 0.375, startedAt: '2025-01-02T03:04:05.000Z' });
  });

  it('is reindexing while work is left even with failures, failed once only failures hold the switch back', () => {
    const failure = { documentId: 'd', documentName: 'a.pdf', error: 'boom' };
    expect(toEmbeddingIndexView(running, { total: 3, done: 1, failed: 1, pending: 1, progress: 1 }, [failure]).state).toBe('reindexing');
    expect(toEmbeddingIndexView(running, { total: 3, done: 2, failed: 1, pending: 0, progress: 2 }, [failure])).toMatchObject({ state: 'failed', failed: 1, failures: [failure] });
  });

  it('starts at 0% when nothing is counted yet', () => {
    expect(toEmbeddingIndexView(running, { total: 0, done: 0, failed: 0, pending: 0, progress: 0 }, []).fraction).toBe(0);
  });
});
