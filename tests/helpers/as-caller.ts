/**
 * Calls Docent's real route handlers as a given caller: a session cookie, a bearer key, or
 * nobody. Each call names the route module's handler, so every route can be tried with
 * another person's credentials.
 */
const BASE = 'http://localhost';

export interface Caller {
  cookie?: string;
  bearer?: string;
  origin?: string;
}

type Handler = (request: Request, context?: any) => Promise<Response>;

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
}

export async function call(
  handler: Handler,
  method: string,
  path: string,
  opts: { as?: Caller; body?: unknown; params?: Record<string, string>; form?: FormData } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (opts.as?.cookie) headers.cookie = opts.as.cookie;
  if (opts.as?.bearer) headers.authorization = `Bearer ${opts.as.bearer}`;
  if (opts.as?.origin) headers.origin = opts.as.origin;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const request = new Request(`${BASE}${path}`, { method, headers, body });
  const response = await handler(request, opts.params ? { params: Promise.resolve(opts.params) } : undefined);
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The `name=value` part of a Set-Cookie header, to send back as a Cookie header. */
export function cookieFrom(result: CallResult): string {
  const setCookie = result.headers.get('set-cookie');
  if (!setCookie) throw new Error(`No Set-Cookie in a ${result.status} response`);
  return setCookie.split(';')[0];
}

export function uploadForm(files: { name: string; content: string }[], collection?: string): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.content], { type: 'text/plain' }), f.name);
  if (collection) form.append('collection', collection);
  return form;
}
