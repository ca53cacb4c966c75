import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Route {
  method: string;
  /** A path pattern with `:name` segments, e.g. `/api/chats/:id`. */
  path: string;
  handler: Handler;
}

/** Timing hooks for benchmarks: when a request arrived, and each piece of its body as it is written. */
export interface RouteObserver {
  arrived(req: http.IncomingMessage, at: number): void;
  wrote(req: http.IncomingMessage, piece: Uint8Array, at: number): void;
}

/**
 * Serves Docent's real route handlers over HTTP, the way Next.js does for them, so that real
 * clients (the openai SDK, fetch) can be pointed at Docent: the body streams out as produced,
 * and a client that disconnects aborts `request.signal` and cancels the response stream.
 */
export async function startRouteServer(routes: Route[], observer?: RouteObserver): Promise<{ url: string; close: () => Promise<void> }> {
  const compiled = routes.map((r) => ({
    ...r,
    pattern: new RegExp(`^${r.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`),
  }));

  const server = http.createServer(async (req, res) => {
    observer?.arrived(req, performance.now());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = compiled.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).find(({ r, m }) => m && r.method === req.method);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const disconnect = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) disconnect.abort(new Error('client disconnected'));
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    // The body streams in as the handler reads it (as under Next.js): size caps act while it arrives.
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(url, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: 'half',
      signal: disconnect.signal,
    } as RequestInit);
    const response = await match.r.handler(request, { params: Promise.resolve({ ...match.m!.groups }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    const reader = response.body.getReader();
    disconnect.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
        observer?.wrote(req, value, performance.now());
      }
      res.end();
    } catch {
      res.destroy();
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
