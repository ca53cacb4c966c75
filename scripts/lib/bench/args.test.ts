import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-args';
import { parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('runs everything and writes docs/benchmarks.md by default', () => {
    expect(parseBenchArgs([])).toEqual({ json: false, quick: false, parts: ['ingest', 'search', 'rss', 'chat'], out: 'docs/benchmarks.md' });
  });

  it('writes nothing on a quick run unless told where', () => {
    expect(parseBenchArgs(['--quick', '--json'])).toMatchObject({ quick: true, json: true, out: null });
    expect(parseBenchArgs(['--quick', '--out', '/tmp/b.md'])).toMatchObject({ out: '/tmp/b.md' });
    expect(parseBenchArgs(['--no-write'])).toMatchObject({ out: null });
  });

  it('selects parts', () => {
    expect(parseBenchArgs(['--only', 'search, rss'])).toMatchObject({ parts: ['search', 'rss'], out: null });
  });

  it.each([
    [['--only', 'gpu'], /--only takes ingest, search, rss, chat; "gpu" is not one of them/],
    [['--out', 'x.md', '--no-write'], /contradict/],
    [['--fast'], /Unknown option '--fast'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
