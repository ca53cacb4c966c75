import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli-args';
import { parseLoadtestArgs } from './args';

describe('parseLoadtestArgs', () => {
  it('has bounded defaults', () => {
    expect(parseLoadtestArgs([], {})).toEqual({
      concurrency: 8, durationSeconds: 30, docs: 40, tokenDelayMs: 20, firstTokenDelayMs: 50, instances: 1, databaseUrl: null, json: false,
    });
  });

  it('reads the options', () => {
    expect(parseLoadtestArgs(['--concurrency', '32', '--duration', '5', '--docs', '0', '--token-delay-ms', '0', '--json'], {})).toMatchObject({
      concurrency: 32, durationSeconds: 5, docs: 0, tokenDelayMs: 0, json: true,
    });
  });

  it.each([
    [['--concurrency', '0'], /--concurrency must be a positive integer/],
    [['--concurrency', '1000'], /--concurrency is at most 256/],
    [['--duration', '7200'], /--duration is at most 3600 seconds/],
    [['--url', 'http://example.com'], /Unknown option '--url'/],
    [['--instances', '2'], /--instances above 1 needs PostgreSQL/],
    [['--instances', '9', '--database-url', 'postgres://db/x'], /--instances is at most 4/],
    [['--database-url', 'mysql://db/x'], /--database-url must be a postgres/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseLoadtestArgs(argv, {})).toThrow(UsageError);
    expect(() => parseLoadtestArgs(argv, {})).toThrow(message);
  });

  it('runs several instances on the PostgreSQL named by the flag or by DATABASE_URL', () => {
    expect(parseLoadtestArgs(['--instances', '2', '--database-url', 'postgres://pg/docent'], {})).toMatchObject({ instances: 2, databaseUrl: 'postgres://pg/docent' });
    expect(parseLoadtestArgs(['--instances', '2'], { DATABASE_URL: 'postgresql://pg/d' })).toMatchObject({ instances: 2, databaseUrl: 'postgresql://pg/d' });
  });
});
