import { describe, expect, it } from 'vitest';
import { createSseParser } from '@/components/chat/sse';
import { parseProgress } from '@/components/chat/stream-answer';

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

  it('hands comments to onComment, where progress reports are read and keep-alives ignored', () => {
    const comments: string[] = [];
    const parser = createSseParser(() => undefined, (c) => comments.push(c));
    const stream = ': progress {"stage":"reading","section":2,"sections":12}\n\n: keep-alive\n\ndata: {"a":1}\n\n';
    for (let i = 0; i < stream.length; i += 5) parser.push(stream.slice(i, i + 5));
    parser.end();
    expect(comments).toEqual(['progress {"stage":"reading","section":2,"sections":12}', 'keep-alive']);
    expect(comments.map(parseProgress)).toEqual([{ stage: 'reading', section: 2, sections: 12 }, null]);
    expect(parseProgress('progress {not json')).toBeNull();
    expect(parseProgress('progress {"section":"2","sections":12}')).toBeNull();
  });
});
