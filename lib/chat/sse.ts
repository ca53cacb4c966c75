import { beginWork } from '../drain';

export interface SseWriter {
  /** Sends `data: <json>` (or `data: [DONE]`); ignored once the stream is closed. */
  send(data: unknown): void;
  /** Sends an SSE comment (`: text`), which readers skip: progress and keep-alives. */
  comment(text: string): void;
  /** False once the reader has gone or the stream has ended. */
  readonly open: boolean;
}

export interface SseOptions {
  /** A `: keep-alive` comment goes out after this long without a write, so proxies keep the connection. */
  keepAliveMs: number;
  /** The reader went away (client disconnect): stop producing. */
  onCancel: () => void;
  headers?: Record<string, string>;
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  // nginx and similar proxies would otherwise buffer the stream until it ends.
  'X-Accel-Buffering': 'no',
};

/**
 * A text/event-stream response written once, abort-aware: `produce` writes through the writer,
 * which never touches a closed stream (after a disconnect `send` is a no-op, and `open` tells the
 * producer to stop). The stream closes when `produce` settles.
 */
export function sseResponse(produce: (writer: SseWriter) => Promise<void>, options: SseOptions): Response {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let wroteSinceTick = false;
  let timer: NodeJS.Timeout | undefined;

  const write = (text: string) => {
    if (!open) return;
    try {
      controller.enqueue(encoder.encode(text));
      wroteSinceTick = true;
    } catch {
      open = false; // closed underneath us
    }
  };
  const end = () => {
    clearInterval(timer);
    if (!open) return;
    open = false;
    try {
      controller.close();
    } catch {
      // already closed by a cancel
    }
  };
  const writer: SseWriter = {
    send: (data) => write(`data: ${data === '[DONE]' ? data : JSON.stringify(data)}\n\n`),
    comment: (text) => write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`),
    get open() {
      return open;
    },
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      timer = setInterval(() => {
        if (!wroteSinceTick) write(': keep-alive\n\n');
        wroteSinceTick = false;
      }, options.keepAliveMs);
      // A stream is in-flight work until it ends: a graceful shutdown lets it finish.
      const done = beginWork();
      void produce(writer)
        .catch((err) => console.error('[sse] stream producer failed:', err instanceof Error ? err.message : err))
        .finally(() => {
          end();
          done();
        });
    },
    cancel() {
      open = false;
      clearInterval(timer);
      options.onCancel();
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...options.headers } });
}
