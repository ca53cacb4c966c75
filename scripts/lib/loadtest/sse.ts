/** An incremental text/event-stream reader: feed it decoded text, get whole events back. */
export type SseEvent = { kind: 'data'; data: string } | { kind: 'comment'; text: string };

export class SseParser {
  private buffer = '';

  push(text: string): SseEvent[] {
    this.buffer += text.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) events.push({ kind: 'comment', text: line.slice(1).trim() });
        else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
      if (data.length) events.push({ kind: 'data', data: data.join('\n') });
    }
    return events;
  }

  /** Text after the last complete event: non-empty when a stream was cut mid-event. */
  get pending(): string {
    return this.buffer;
  }
}

export interface ChatStreamOutcome {
  status: number;
  /** Request sent → first byte of the body. */
  ttfbMs: number | null;
  /** Request sent → first non-empty content delta. */
  ttftMs: number | null;
  totalMs: number;
  contentPieces: number;
  sources: number | null;
  finishReason: string | null;
  done: boolean;
  /** Set when the exchange failed: HTTP status, an error event, a cut stream or a network fault. */
  error: string | null;
}

/** One streaming chat completion, read to the end and checked against the contract. */
export async function streamChat(url: string, body: unknown, timeoutMs: number): Promise<ChatStreamOutcome> {
  const started = performance.now();
  const out: ChatStreamOutcome = {
    status: 0, ttfbMs: null, ttftMs: null, totalMs: 0, contentPieces: 0, sources: null, finishReason: null, done: false, error: null,
  };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    out.status = response.status;
    if (response.status !== 200 || !response.body) {
      out.error = `http_${response.status}`;
      await response.arrayBuffer().catch(() => undefined);
      return out;
    }
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let first = true;
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (out.ttfbMs === null) out.ttfbMs = performance.now() - started;
      for (const event of parser.push(decoder.decode(bytes, { stream: true }))) {
        if (event.kind !== 'data') continue;
        if (event.data === '[DONE]') {
          out.done = true;
          continue;
        }
        const chunk = JSON.parse(event.data);
        if (chunk.error) out.error ??= `error_event:${chunk.error.code}`;
        if (first) {
          out.sources = Array.isArray(chunk.sources) ? chunk.sources.length : null;
          if (out.sources === null) out.error ??= 'first_chunk_without_sources';
          first = false;
        }
        const choice = chunk.choices?.[0];
        if (choice?.delta?.content) {
          out.contentPieces++;
          out.ttftMs ??= performance.now() - started;
        }
        if (choice?.finish_reason) out.finishReason = choice.finish_reason;
      }
    }
    if (!out.done) out.error ??= 'stream_cut_before_done';
    else if (!out.finishReason) out.error ??= 'no_finish_reason';
    else if (parser.pending.trim()) out.error ??= 'trailing_partial_event';
  } catch (err) {
    out.error = `network:${(err as Error).name}`;
  } finally {
    out.totalMs = performance.now() - started;
  }
  return out;
}
