import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-args';
import { parseEvalArgs } from './args';

describe('parseEvalArgs', () => {
  it('defaults to every mode, the docent profile, k = 10 and in-memory PGlite', () => {
    expect(parseEvalArgs(['--dataset', 'data/scifact'])).toEqual({
      dataset: 'data/scifact',
      split: 'test',
      modes: ['hybrid', 'vector', 'keyword'],
      profile: 'docent',
      k: 10,
      database: 'pglite',
      limitQueries: undefined,
      limitDocs: undefined,
      chunkTokens: undefined,
      chunkOverlap: undefined,
      contextualChunks: true,
      rrfK: undefined,
      json: false,
    });
  });

  it('tunes on the train split and compares chunks without their context', () => {
    expect(parseEvalArgs(['--dataset', 'd', '--split', 'train', '--context', 'off'])).toMatchObject({ split: 'train', contextualChunks: false });
    expect(() => parseEvalArgs(['--dataset', 'd', '--split', 'dev'])).toThrow(UsageError);
  });

  it('sweeps efSearch within its setting\'s range, at a chat\'s depth', () => {
    expect(parseEvalArgs(['--dataset', 'd', '--ef-search', '400,40', '--chat-depth', '6'])).toMatchObject({ efSearch: [400, 40], chatDepth: 6 });
    expect(() => parseEvalArgs(['--dataset', 'd', '--ef-search', '400,5'])).toThrow(/10 to 1000/);
  });

  it('reads every option', () => {
    const args = parseEvalArgs([
      '--dataset=d', '--mode', 'vector', '--profile', 'docent', '--k', '5', '--database', 'postgres',
      '--limit-queries', '20', '--limit-docs', '100', '--chunk-tokens', '128', '--chunk-overlap', '0',
      '--rrf-k', '60,10', '--candidates', '4,2', '--json',
    ]);
    expect(args).toMatchObject({
      modes: ['vector'], k: 5, database: 'postgres', limitQueries: 20, limitDocs: 100,
      chunkTokens: 128, chunkOverlap: 0, rrfK: [60, 10], candidates: [4, 2], json: true,
    });
  });

  it('keeps the ingested database in --data-dir (PGlite only)', () => {
    expect(parseEvalArgs(['--dataset', 'd', '--data-dir', '.cache/eval/mteb'])).toMatchObject({ dataDir: '.cache/eval/mteb' });
  });

  it('asks for help', () => {
    expect(parseEvalArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], /--dataset <dir> is required/],
    [['--dataset', 'd', '--mode', 'bm25'], /--mode must be one of hybrid, vector, keyword, all/],
    [['--dataset', 'd', '--k', '0'], /--k must be a positive integer/],
    [['--dataset', 'd', '--k', '2.5'], /--k must be a positive integer/],
    [['--dataset', 'd', '--chunk-overlap=-1'], /--chunk-overlap must be a whole number/],
    [['--dataset', 'd', '--rrf-k', '60,x'], /--rrf-k must be a positive integer, got "x"/],
    [['--dataset', 'd', '--database', 'sqlite'], /--database must be one of pglite, postgres/],
    [['--dataset', 'd', '--profile', 'mteb', '--chunk-tokens', '128'], /apply to --profile docent/],
    [['--dataset', 'd', '--verbose'], /Unknown option '--verbose'/],
    [['--dataset', 'd', '--candidates', '0'], /--candidates must be a positive integer/],
    [['--dataset', 'd', '--database', 'postgres', '--data-dir', 'x'], /--data-dir keeps an embedded PGlite database/],
  ])('rejects %j with a message that says what to do', (argv, message) => {
    expect(() => parseEvalArgs(argv)).toThrow(UsageError);
    expect(() => parseEvalArgs(argv)).toThrow(message);
  });

  it('reads --split and the --answers options, refusing answer options without --answers', () => {
    expect(parseEvalArgs(['--dataset', 'd', '--split', 'train']).split).toBe('train');
    expect(() => parseEvalArgs(['--dataset', 'd', '--split', 'dev'])).toThrow(UsageError);
    expect(parseEvalArgs(['--dataset', 'd', '--answers', '--limit', '10'])).toMatchObject({ answers: { limit: 10, maxTokens: 96, refusalQuestions: 20 } });
    expect(parseEvalArgs(['--dataset', 'd', '--answers', '--refusal', '0', '--max-tokens', '32'])).toMatchObject({ answers: { maxTokens: 32, refusalQuestions: 0 } });
    expect(parseEvalArgs(['--dataset', 'd', '--answers'])).toMatchObject({ answers: { answerModes: ['generate'] } });
    expect(parseEvalArgs(['--dataset', 'd', '--answers', '--answer-mode', 'quotes'])).toMatchObject({ answers: { answerModes: ['quotes'] } });
    expect(parseEvalArgs(['--dataset', 'd', '--answers', '--answer-mode', 'generate, quotes'])).toMatchObject({ answers: { answerModes: ['generate', 'quotes'] } });
    expect(() => parseEvalArgs(['--dataset', 'd', '--answers', '--answer-mode', 'quote'])).toThrow(/generate, quotes/);
    expect(() => parseEvalArgs(['--dataset', 'd', '--answers', '--answer-mode', 'quotes,quotes'])).toThrow(/twice/);
    expect(() => parseEvalArgs(['--dataset', 'd', '--answer-mode', 'quotes'])).toThrow(/apply to --answers/);
    expect(() => parseEvalArgs(['--dataset', 'd', '--limit', '10'])).toThrow(UsageError);
  });
});
