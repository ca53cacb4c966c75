import * as chatRoute from '@/app/api/chats/[id]/route';
import * as chatsRoute from '@/app/api/chats/route';
import * as completionsRoute from '@/app/v1/chat/completions/route';
import * as modelRoute from '@/app/v1/models/[id]/route';
import * as modelsRoute from '@/app/v1/models/route';
import type { Route } from './route-server';

/** Calls the chat route handlers directly with real Request objects (see api-client.ts). */
const BASE = 'http://docent.test';

export function completionRequest(body: unknown, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Request {
  return new Request(`${BASE}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

/** The raw Response, for streams and headers. */
export function postCompletion(body: unknown, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<Response> {
  return completionsRoute.POST(completionRequest(body, init));
}

export async function completion(body: unknown, init: { headers?: Record<string, string> } = {}) {
  const response = await postCompletion(body, init);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Reads an event stream to the end: the parsed `data:` payloads, comments, and `[DONE]`. */
export async function readEvents(response: Response): Promise<{ events: any[]; comments: string[]; done: boolean; raw: string }> {
  const raw = await response.text();
  const events: any[] = [];
  const comments: string[] = [];
  let done = false;
  for (const block of raw.split('\n\n').filter(Boolean)) {
    if (block.startsWith(':')) comments.push(block);
    else if (block === 'data: [DONE]') done = true;
    else if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)));
    else throw new Error(`Not an SSE block: ${block}`);
  }
  return { events, comments, done, raw };
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

export async function listChats() {
  const response = await chatsRoute.GET(new Request(`${BASE}/api/chats`));
  return { status: response.status, body: await response.json() };
}

export async function getChat(id: string) {
  const response = await chatRoute.GET(new Request(`${BASE}/api/chats/${id}`), params(id));
  return { status: response.status, body: await response.json() };
}

export async function deleteChat(id: string) {
  const response = await chatRoute.DELETE(new Request(`${BASE}/api/chats/${id}`, { method: 'DELETE' }), params(id));
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

export async function listModels() {
  const response = await modelsRoute.GET(new Request(`${BASE}/v1/models`));
  return { status: response.status, body: await response.json() };
}

/**
 * Streams an answer over HTTP from `baseUrl` and disconnects once `marker` has arrived in the
 * stream, the way a client that gives up mid-answer does. Returns the chat id from the first chunk.
 */
export async function streamThenDisconnect(baseUrl: string, body: unknown, marker: string): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes(marker)) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  return JSON.parse(text.split('\n')[0].slice(6)).chat_id;
}

/** The chat routes, for serving over HTTP (route-server.ts) to real clients. */
export const chatRoutes: Route[] = [
  { method: 'POST', path: '/v1/chat/completions', handler: (r) => completionsRoute.POST(r) },
  { method: 'GET', path: '/v1/models', handler: (r) => modelsRoute.GET(r) },
  { method: 'GET', path: '/v1/models/:id', handler: (r, c) => modelRoute.GET(r, c as { params: Promise<{ id: string }> }) },
  { method: 'GET', path: '/api/chats', handler: (r) => chatsRoute.GET(r) },
  { method: 'GET', path: '/api/chats/:id', handler: (r, c) => chatRoute.GET(r, c as { params: Promise<{ id: string }> }) },
];
