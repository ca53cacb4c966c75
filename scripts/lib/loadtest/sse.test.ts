import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('returns events only once they are complete, across arbitrary splits', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\n: keep-alive\n\ndata: [DONE]\n\n')).toEqual([
      { kind: 'data', data: '{"a":1}' },
      { kind: 'comment', text: 'keep-alive' },
      { kind: 'data', data: '[DONE]' },
    ]);
    expect(parser.pending).toBe('');
  });

  it('accepts CRLF and joins multi-line data', () => {
    expect(new SseParser().push('data: one\r\ndata: two\r\n\r\n')).toEqual([{ kind: 'data', data: 'one\ntwo' }]);
  });

  it('keeps a cut-off event as pending', () => {
    const parser = new SseParser();
    parser.push('data: {"choices":[]}\n\ndata: {"cho');
    expect(parser.pending).toBe('data: {"cho');
  });
});
