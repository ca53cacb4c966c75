import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { env } from './env';

/**
 * Log lines, plain (`[scope] message`, as before) or with LOG_FORMAT=json one JSON object per
 * line for log collectors. Each carries the id of the request it serves: taken from the
 * caller's `x-request-id` or generated, kept across awaits by AsyncLocalStorage, and stored
 * with a queued document so the worker's lines for it carry the same id.
 */
const requestIds = new AsyncLocalStorage<string>();

/** A client's id is kept only when short and plain, so it cannot forge log lines or fields. */
const CLIENT_ID = /^[\w.:-]{1,128}$/;

export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id')?.trim();
  return given && CLIENT_ID.test(given) ? given : randomUUID();
}

export function withRequestId<T>(id: string | null | undefined, fn: () => T): T {
  return id ? requestIds.run(id, fn) : fn();
}

export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

type Level = 'info' | 'warn' | 'error';

export function formatLine(level: Level, scope: string, message: string, format: 'text' | 'json', requestId?: string): string {
  if (format === 'text') return `[${scope}] ${message}`;
  return JSON.stringify({ time: new Date().toISOString(), level, scope, msg: message, ...(requestId ? { requestId } : {}) });
}

function write(level: Level, scope: string, message: string): void {
  const line = formatLine(level, scope, message, env().LOG_FORMAT, currentRequestId());
  if (level === 'info') console.log(line);
  else if (level === 'warn') console.warn(line);
  else console.error(line);
}

export const log = {
  info: (scope: string, message: string) => write('info', scope, message),
  warn: (scope: string, message: string) => write('warn', scope, message),
  error: (scope: string, message: string) => write('error', scope, message),
};
