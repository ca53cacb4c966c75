import { describe, expect, it } from 'vitest';
import { currentRequestId, formatLine, requestIdOf, withRequestId } from './log';

const withHeader = (id: string) => new Request('http://docent.test/', { headers: { 'x-request-id': id } });

describe('log lines and request ids', () => {
  it('keeps a plain client id and replaces one that could forge log content', () => {
    expect(requestIdOf(withHeader('trace-42.a:b'))).toBe('trace-42.a:b');
    for (const bad of ['has space', 'quote"', 'x'.repeat(129)]) {
      expect(requestIdOf(withHeader(bad))).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdOf(new Request('http://docent.test/'))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the id across awaits', async () => {
    const seen = await withRequestId('req-1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentRequestId();
    });
    expect(seen).toBe('req-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('writes one JSON object per line in json format, the old text otherwise', () => {
    expect(formatLine('info', 'ingest', 'document x ready', 'text', 'req-1')).toBe('[ingest] document x ready');
    const line = JSON.parse(formatLine('error', 'api', 'boom\n"quoted"', 'json', 'req-1'));
    expect(line).toMatchObject({ level: 'error', scope: 'api', msg: 'boom\n"quoted"', requestId: 'req-1' });
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
  });
});
