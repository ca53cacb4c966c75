import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-args';
import { parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('runs everything and writes docs/benchmarks.md by default', () => {
    expect(parseBenchArgs([])).toEqual({ json: false, quick: false, parts: ['ingest', 'search', 'real', 'rss', 'chat'], out: 'docs/benchmarks.md', realChunks: undefined });
  });

  it('writes nothing on a quick run unless told where', () => {
    expect(parseBenchArgs(['--quick', '--json'])).toMatchObject({ quick: true, json: true, out: null });
    expect(parseBenchArgs(['--quick', '--out', '/tmp/b.md'])).toMatchObject({ out: '/tmp/b.md' });
    expect(parseBenchArgs(['--no-write'])).toMatchObject({ out: null });
  });

  it('selects parts', () => {
    expect(parseBenchArgs(['--only', 'search, rss'])).toMatchObject({ parts: ['search', 'rss'], out: null });
  });

  it('takes a prefix of the real chunks', () => {
    expect(parseBenchArgs(['--only', 'real', '--real-chunks', '3000'])).toMatchObject({ parts: ['real'], realChunks: 3000 });
  });

  it.each([
    [['--only', 'gpu'], /--only takes ingest, search, real, rss, chat; "gpu" is not one of them/],
    [['--real-chunks', 'many'], /--real-chunks must be a positive integer/],
    [['--out', 'x.md', '--no-write'], /contradict/],
    [['--fast'], /Unknown option '--fast'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
