import { describe, expect, it } from 'vitest';
import { createSseParser } from '@/components/chat/sse';

describe('SSE parser', () => {
  it('reassembles events split anywhere, skipping keep-alive comments', () => {
    const seen: string[] = [];
    const parser = createSseParser((d) => seen.push(d));
    const stream = 'data: {"a":1}\n\n: keep-alive\n\ndata: {"b":2}\r\n\r\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
    for (let i = 0; i < stream.length; i += 3) parser.push(stream.slice(i, i + 3));
    parser.end();
    expect(seen).toEqual(['{"a":1}', '{"b":2}', 'line1\nline2', '[DONE]']);
  });

  it('flushes a last event without its blank line', () => {
    const seen: string[] = [];
    const parser = createSseParser((d) => seen.push(d));
    parser.push('data:x');
    parser.end();
    expect(seen).toEqual(['x']);
  });
});
