import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { AppError, tooLarge } from '../errors';

export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface FetchUrlOptions {
  maxBytes: number;
  /** Hosts fetched even when they resolve to private addresses (ALLOWED_FETCH_HOSTS). */
  allowedHosts: string[];
  timeoutMs?: number;
  /** DNS for tests; the real resolver otherwise. */
  lookup?: LookupAll;
}

export interface FetchedPage {
  /** The URL after redirects: the document's source. */
  url: string;
  content: Buffer;
  contentType: string;
  fileName: string;
}

export const FETCH_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

// Loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast,
// reserved and documentation ranges: nothing a public web page lives at.
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96], ['100::', 64]] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv6');
}

/** True for an address a server-side fetch must never reach (IPv4-mapped IPv6 judged as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Fetches a web page or file for ingestion. Every address a connection goes to is checked
 * after DNS resolution, inside the connection's own lookup — so a name cannot resolve to a
 * public address for the check and a private one for the connection — and again for every
 * redirect (at most 5). Size and time are capped; the body is read as a stream and dropped
 * the moment it passes the cap.
 */
export async function fetchUrl(rawUrl: string, opts: FetchUrlOptions): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? FETCH_TIMEOUT_MS);
  let url = parseHttpUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const response = await request(url, opts, signal);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      if (hop >= MAX_REDIRECTS) throw fetchFailed(`it redirected more than ${MAX_REDIRECTS} times`);
      url = parseHttpUrl(new URL(location, url).toString());
      continue;
    }
    if (!response.statusCode || response.statusCode >= 400) {
      response.resume();
      throw fetchFailed(`the server answered ${response.statusCode ?? 'nothing'}`);
    }
    const content = await readCapped(response, opts.maxBytes);
    const segment = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
    return {
      url: url.toString(),
      content,
      contentType: String(response.headers['content-type'] ?? ''),
      fileName: segment || url.hostname,
    };
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid_url', 'That is not a valid URL; give the full address, starting with https://.', 400);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('invalid_url', 'Only http:// and https:// addresses can be fetched.', 400);
  if (url.username || url.password) throw new AppError('invalid_url', 'Addresses with a user name or password cannot be fetched; download the file and upload it instead.', 400);
  return url;
}

function request(url: URL, opts: FetchUrlOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = opts.allowedHosts.includes(host);
  // An IP literal connects without a lookup, so it is checked here.
  if (net.isIP(host) && !allowed && isBlockedAddress(host)) return Promise.reject(forbidden(host));
  const resolve = opts.lookup ?? ((name: string) => dns.promises.lookup(name, { all: true, verbatim: true }));
  const lookup = (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.find((a) => isBlockedAddress(a.address));
        if (addresses.length === 0) return callback(new Error(`no address for ${hostname}`));
        if (bad && !allowed) return callback(forbidden(hostname));
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (err: Error) => callback(err),
    );
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolvePromise, reject) => {
    const req = client.get(url, { lookup: lookup as never, signal, headers: { 'user-agent': 'Docent (document fetch)', accept: '*/*' } }, resolvePromise);
    req.on('error', (err: Error) => {
      if (err instanceof AppError) reject(err);
      else if (signal.aborted) reject(new AppError('url_timeout', `The page did not arrive within ${Math.round((opts.timeoutMs ?? FETCH_TIMEOUT_MS) / 1000)} s; try again later, or download it and upload the file.`, 422));
      else reject(fetchFailed(err.message));
    });
  });
}

async function readCapped(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  const tooBig = () => tooLarge(`The page is larger than the ${Math.round(maxBytes / (1024 * 1024))} MB limit; download it and split it, or ask the admin to raise MAX_UPLOAD_MB.`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooBig();
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw tooBig();
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

function forbidden(host: string): AppError {
  return new AppError(
    'url_forbidden',
    `${host.slice(0, 100)} is a private, loopback or link-local address, which Docent does not fetch; if it is an internal site you trust, ask the admin to add it to ALLOWED_FETCH_HOSTS.`,
    403,
  );
}

function fetchFailed(reason: string): AppError {
  return new AppError('url_fetch_failed', `The page could not be fetched (${reason.slice(0, 200)}); check the address, or download the file and upload it.`, 422);
}
